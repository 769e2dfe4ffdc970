package io.guestops.grr.graph.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import io.guestops.grr.graph.budget.RetryAfter;
import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.RedeemLink;
import io.guestops.grr.graph.sdk.ODataFilter;
import io.guestops.grr.graph.sdk.SdkModels;
import io.guestops.grr.graph.sdk.SdkRetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The gateway's small pure helpers: OData filters, Retry-After, the SDK retry options. */
class SmallPartsTest {

    @Test
    void filterLiteralsDoubleSingleQuotes() {
        assertThat(ODataFilter.equals("mail", "o'brien@contoso.com")).isEqualTo("mail eq 'o''brien@contoso.com'");
        assertThat(ODataFilter.anyId(List.of("a", "b"))).isEqualTo("id eq 'a' or id eq 'b'");
    }

    @Test
    void deltaFiltersTakeAtMostFiftyIds() {
        List<String> ids = IntStream.range(0, 51).mapToObj(i -> "id-" + i).toList();

        assertThatThrownBy(() -> ODataFilter.anyId(ids)).hasMessageContaining("at most 50");
    }

    @Test
    void retryAfterReadsSecondsAndDates() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        assertThat(RetryAfter.parse("30", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 00:00:10 GMT", now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }

    @Test
    void theResetIsNeverRetriedByTheSdk() {
        SdkRetryPolicy generous = new SdkRetryPolicy(new GraphConnection.SdkRetries(5, Duration.ofSeconds(60)));

        RetryHandlerOption option = generous.optionFor(CallKind.WRITE_ONCE);

        assertThat(option.maxRetries()).isZero();
        assertThat(option.shouldRetry().shouldRetry(0, 1, null, null)).isFalse();
    }

    @Test
    void readsAreRetriedOnlyWhileTheWaitIsShort() {
        assertThat(SdkRetryPolicy.expectedWait("2", 1, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SdkRetryPolicy.expectedWait(null, 1, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SdkRetryPolicy.expectedWait(null, 1, 3)).isEqualTo(Duration.ofMillis(5500));
        assertThat(new SdkRetryPolicy(GraphConnection.SdkRetries.DEFAULT).optionFor(CallKind.READ).maxRetries()).isEqualTo(2);
        assertThat(new SdkRetryPolicy(GraphConnection.SdkRetries.NONE).optionFor(CallKind.READ).maxRetries()).isZero();
    }

    @Test
    void theInvitationKeepsNoRedeemUrlUnlessAskedTo() {
        IssuedInvitation issued = SdkModels.issued(answerWithRedeemUrl(), false);

        assertThat(issued).isEqualTo(new IssuedInvitation("inv-1", "PendingAcceptance", "user-1"));
        assertThat(issued.redeemLink()).isNull();
        assertThat(issued.toString()).doesNotContain(REDEEM_URL, "rd=");
    }

    @Test
    void aKeptRedeemUrlIsRevealedOnlyOnPurposeAndNeverPrinted() {
        IssuedInvitation issued = SdkModels.issued(answerWithRedeemUrl(), true);

        assertThat(issued.redeemLink().reveal()).isEqualTo(REDEEM_URL);
        assertThat(issued.toString()).doesNotContain(REDEEM_URL, "rd=").contains("redacted");
        assertThat(String.valueOf(issued.redeemLink())).isEqualTo("RedeemLink[redacted]");
    }

    private static final String REDEEM_URL = "https://login.microsoftonline.com/redeem?rd=secret-link";

    private static com.microsoft.graph.models.Invitation answerWithRedeemUrl() {
        var answer = new com.microsoft.graph.models.Invitation();
        answer.setId("inv-1");
        answer.setStatus("PendingAcceptance");
        answer.setInviteRedeemUrl(REDEEM_URL);
        var user = new com.microsoft.graph.models.User();
        user.setId("user-1");
        answer.setInvitedUser(user);
        return answer;
    }
}
