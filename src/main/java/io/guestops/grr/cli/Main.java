package io.guestops.grr.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("guest-redemption-operator");
    }
}
