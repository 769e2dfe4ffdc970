package io.guestops.grr.testkit;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.FederatedCredential;
import io.guestops.grr.emulator.directory.Seed;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The app registrations contract tests sign in to the emulator as: one per way to get a token
 * (secret, certificate, federated credential) and per permission set the calls under test are held
 * to. A test adds the ones it needs to its own directory ({@link #addedTo}), so that every test
 * signs in as the same registration with the same credential for the same purpose.
 */
public enum ContractApp {
    /** The operator's permissions, with a client secret. */
    OPERATOR("c0a00000-0000-4000-8000-000000000001", Credential.SECRET,
            "User.ReadWrite.All", "RoleManagement.Read.Directory", "GroupMember.Read.All", "Domain.Read.All"),
    /** The operator's user and role permissions, with a client certificate. */
    OPERATOR_BY_CERTIFICATE("c0a00000-0000-4000-8000-000000000002", Credential.CERTIFICATE,
            "User.ReadWrite.All", "RoleManagement.Read.Directory"),
    /** Writes users, with a federated credential for {@link #ISSUER} and {@link #SUBJECT} (workload identity). */
    OPERATOR_BY_WORKLOAD_IDENTITY("c0a00000-0000-4000-8000-000000000003", Credential.FEDERATED, "User.ReadWrite.All"),
    /** Writes users, and may read neither groups nor domains. */
    USERS_ONLY("c0a00000-0000-4000-8000-000000000004", Credential.SECRET, "User.ReadWrite.All"),
    USER_READER("c0a00000-0000-4000-8000-000000000005", Credential.SECRET, "User.Read.All"),
    /** Group membership without any user permission. */
    GROUP_MEMBER_READER("c0a00000-0000-4000-8000-000000000006", Credential.SECRET, "GroupMember.Read.All"),
    USER_AND_GROUP_READER("c0a00000-0000-4000-8000-000000000007", Credential.SECRET, "User.Read.All", "Group.Read.All"),
    DIRECTORY_READER("c0a00000-0000-4000-8000-000000000008", Credential.SECRET, "Directory.Read.All"),
    DOMAIN_READER("c0a00000-0000-4000-8000-000000000009", Credential.SECRET, "Domain.Read.All"),
    /** Gets a token, and no permission at all. */
    POWERLESS("c0a00000-0000-4000-8000-00000000000a", Credential.SECRET);

    /** The tenant of the directories contract tests write for themselves. */
    public static final String TENANT = "11111111-1111-1111-1111-111111111111";
    /** The client secret of every application here that signs in with one. */
    public static final String SECRET = "Emu~Secret.Value-0123456789abcdef";
    /** The service account token issuer and subject the workload identity's federated credential trusts. */
    public static final String ISSUER = "https://oidc.example.test/cluster";
    public static final String SUBJECT = "system:serviceaccount:grr-system:operator";

    private enum Credential { SECRET, CERTIFICATE, FEDERATED }

    private final String clientId;
    private final Credential credential;
    private final Set<String> permissions;

    ContractApp(String clientId, Credential credential, String... permissions) {
        this.clientId = clientId;
        this.credential = credential;
        this.permissions = Set.of(permissions);
    }

    public String clientId() {
        return clientId;
    }

    /** Signs in with {@link #SECRET} (the others with the certificate or token file the test names). */
    public boolean signsInWithSecret() {
        return credential == Credential.SECRET;
    }

    /** The directory with these applications added to its first tenant, after its own. */
    public static Seed addedTo(Seed directory, ContractApp... apps) {
        return addedTo(directory, null, apps);
    }

    /** The same, {@link #OPERATOR_BY_CERTIFICATE} trusting this certificate. */
    public static Seed addedTo(Seed directory, X509Certificate certificate, ContractApp... apps) {
        String tenantId = directory.tenants().get(0).id();
        List<Application> applications = new ArrayList<>(directory.applications());
        for (ContractApp app : apps) {
            applications.add(app.application(tenantId, certificate));
        }
        return new Seed(directory.tenants(), applications, directory.users(), directory.roleAssignments(), directory.groups());
    }

    private Application application(String tenantId, X509Certificate certificate) {
        if (credential == Credential.CERTIFICATE && certificate == null) {
            throw new IllegalArgumentException(this + " signs in with a certificate: name it");
        }
        return new Application(clientId, tenantId, name().toLowerCase().replace('_', ' '),
                credential == Credential.SECRET ? List.of(SECRET) : List.of(),
                credential == Credential.CERTIFICATE ? List.of(certificate) : List.of(),
                credential == Credential.FEDERATED
                        ? List.of(new FederatedCredential(ISSUER, SUBJECT, FederatedCredential.DEFAULT_AUDIENCE)) : List.of(),
                permissions);
    }
}
