package io.guestops.grr.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Azure Identity (MSAL4J underneath) gets a token from the emulator, trusting only its certificate. */
class AzureIdentityTokenTest {
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seed::sample).keepingStateAcrossTests();

    @Test
    void clientSecretCredentialGetsAGraphTokenThatTheEmulatorAccepts() throws SSLException {
        SslContext tls = SslContextBuilder.forClient().trustManager(GRAPH.emulator().trustedCertificate()).build();
        HttpClient azureHttp = new NettyAsyncHttpClientBuilder(
                reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(tls))).build();

        AccessToken token = new ClientSecretCredentialBuilder()
                .authorityHost(GRAPH.emulator().authorityHost())
                .tenantId(EmulatorHttp.TENANT)
                .clientId(EmulatorHttp.OPERATOR_APP)
                .clientSecret(EmulatorHttp.OPERATOR_SECRET)
                .disableInstanceDiscovery()
                .httpClient(azureHttp)
                .build()
                .getTokenSync(new TokenRequestContext().addScopes("https://graph.microsoft.com/.default"));

        assertThat(token.getToken()).isNotBlank();
        EmulatorHttp.Reply me = new EmulatorHttp(GRAPH.emulator()).get("/v1.0/users/" + EmulatorHttp.JOHN, token.getToken());
        assertThat(me.status()).isEqualTo(200);
        assertThat(GRAPH.emulator().journal()).extracting(JournalEntry::path)
                .contains("/" + EmulatorHttp.TENANT + "/oauth2/v2.0/token");
    }
}
