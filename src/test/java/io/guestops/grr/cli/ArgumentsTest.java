package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final Set<String> VALUED = Set.of("timeout", "threads", "fault");
    private static final Set<String> FLAGS = Set.of("keep-running");

    @Test
    void readsSpaceAndEqualsFormsFlagsAndRepeatedOptions() {
        Arguments args = Arguments.parse(new String[] {"--timeout", "90s", "--threads=4", "--keep-running",
                "--fault", "a", "--fault", "b"}, VALUED, FLAGS);
        assertThat(args.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(args.intValue("threads", 1, 1, 10)).isEqualTo(4);
        assertThat(args.flag("keep-running")).isTrue();
        assertThat(args.values("fault")).containsExactly("a", "b");
        assertThat(args.value("fault", "none")).isEqualTo("b");
    }

    @Test
    void defaultsApplyWhenAnOptionIsAbsent() {
        Arguments args = Arguments.parse(new String[0], VALUED, FLAGS);
        assertThat(args.duration("timeout", Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
        assertThat(args.intValue("threads", 10, 1, 200)).isEqualTo(10);
        assertThat(args.flag("keep-running")).isFalse();
        assertThat(args.values("fault")).isEmpty();
    }

    @Test
    void durationsAcceptUnitsAndIso8601() {
        assertThat(parse("--timeout", "250ms").duration("timeout", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("--timeout", "5m").duration("timeout", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(parse("--timeout", "1h").duration("timeout", null)).isEqualTo(Duration.ofHours(1));
        assertThat(parse("--timeout", "PT2M").duration("timeout", null)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyMistakeNamesTheOption() {
        assertThatThrownBy(() -> parse("--colour", "red")).hasMessage("unknown option '--colour'");
        assertThatThrownBy(() -> parse("--timeout")).hasMessage("option --timeout needs a value");
        assertThatThrownBy(() -> parse("--keep-running=yes")).hasMessage("option --keep-running takes no value");
        assertThatThrownBy(() -> parse("stray")).hasMessage("unexpected argument 'stray'");
        assertThatThrownBy(() -> parse("--threads", "many").intValue("threads", 1, 1, 10))
                .hasMessageContaining("--threads").hasMessageContaining("many");
        assertThatThrownBy(() -> parse("--threads", "0").intValue("threads", 1, 1, 10))
                .hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> parse("--timeout", "soon").duration("timeout", null))
                .hasMessageContaining("--timeout").hasMessageContaining("soon");
    }

    private static Arguments parse(String... argv) {
        return Arguments.parse(argv, VALUED, FLAGS);
    }
}
