package io.guestops.grr.emulator.throttle;

/**
 * Identity-and-access throttling limits per (application, tenant). Defaults are Graph's published
 * limits: 3,500 / 5,000 / 8,000 resource units per 10 s for tenants of &lt;50 / 50-500 / &gt;500
 * users, and 3,000 writes per 150 s.
 */
public record ThrottleLimits(int ruPer10sSmallTenant, int ruPer10sMediumTenant, int ruPer10sLargeTenant, int writesPer150s) {

    public ThrottleLimits {
        if (ruPer10sSmallTenant < 1 || ruPer10sMediumTenant < 1 || ruPer10sLargeTenant < 1 || writesPer150s < 1) {
            throw new IllegalArgumentException("throttling limits must be positive");
        }
    }

    public static ThrottleLimits graphDefaults() {
        return new ThrottleLimits(3_500, 5_000, 8_000, 3_000);
    }

    /** The same resource-unit limit whatever the tenant size (CLI --ru-per-10s). */
    public ThrottleLimits withResourceUnitsPer10s(int ru) {
        return new ThrottleLimits(ru, ru, ru, writesPer150s);
    }

    public ThrottleLimits withWritesPer150s(int writes) {
        return new ThrottleLimits(ruPer10sSmallTenant, ruPer10sMediumTenant, ruPer10sLargeTenant, writes);
    }

    public int resourceUnitsFor(int tenantUserCount) {
        if (tenantUserCount < 50) {
            return ruPer10sSmallTenant;
        }
        return tenantUserCount <= 500 ? ruPer10sMediumTenant : ruPer10sLargeTenant;
    }
}
