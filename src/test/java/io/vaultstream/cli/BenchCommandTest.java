package io.vaultstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench latency's option checks, which run before any broker, registry or role starts. */
class BenchCommandTest {

    @Test
    void latencyRejectsEachBadOptionNamingItAndTheRule() {
        assertRejected(List.of("--calibration-count", "1"), "--calibration-count: must be at least 2, got 1");
        assertRejected(List.of("--max-rate", "200", "--calibration-count", "-1"), "--calibration-count: must be at least 0, got -1");
        assertRejected(List.of("--max-rate", "-5"), "--max-rate: must be at least 0, got -5.0");
        assertRejected(List.of("--load", "0.5,0"), "--load: every fraction must be greater than 0, got [0.5, 0.0]");
        assertRejected(List.of("--seconds", "0"), "--seconds: must be at least 1, got 0");
        assertRejected(List.of("--warmup-seconds", "-1"), "--warmup-seconds: must be at least 0, got -1");
        assertRejected(List.of("--status-sample-every", "0"), "--status-sample-every: must be at least 1, got 0");
        assertRejected(List.of("--partitions", "0"), "--partitions: must be at least 1, got 0");
    }

    private static void assertRejected(List<String> options, String message) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("bench", "latency", "--work-dir", "target/bench-command-test-unused"));
        args.addAll(options);

        int code = cli.execute(args.toArray(String[]::new));

        assertThat(code).as(String.join(" ", options)).isEqualTo(2);
        assertThat(err.toString()).as(String.join(" ", options)).contains(message);
    }
}
