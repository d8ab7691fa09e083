package io.vaultstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.InquireVaultingRequest;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.processor.Commands;
import io.vaultstream.sandbox.SandboxScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vaultstream send}: produce vaulting commands, either generated for sandbox scenarios or from an
 * Antom request body in a file; card fields are encrypted with the keyring's primary key. Prints each
 * vaultingRequestId on its own line on stdout and nothing else there.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Produce commands to the commands topic; prints each vaultingRequestId on stdout, nothing else.",
        footer = {"%nForms:",
            "  send --count N [--scenario S|mixed]  generated commands for sandbox scenarios",
            "  send --file F [--action A]           an Antom request body as JSON, card in",
            "                                       clear (send encrypts it)"})
final class SendCommand implements Callable<Integer> {

    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;

    static final class Source {
        @Option(names = "--count", paramLabel = "N", description = "Generate N commands.") Integer count;
        @Option(names = "--file", paramLabel = "F", description = "JSON file with the Antom request body.") Path file;
    }

    @Option(names = "--scenario", paramLabel = "S", defaultValue = "VAULTED_AT_ONCE",
            description = "With --count: a sandbox scenario (${COMPLETION-CANDIDATES}) or 'mixed' for all in turn. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Scenarios.class)
    String scenario;

    @Option(names = "--action", paramLabel = "A", defaultValue = "vaultPaymentMethod",
            description = "With --file: vaultPaymentMethod, createVaultingSession or inquireVaulting. Default: ${DEFAULT-VALUE}.")
    String action;

    /** Completion candidates for --scenario. */
    static final class Scenarios extends ArrayList<String> {
        Scenarios() {
            super(Arrays.stream(SandboxScenario.values()).map(Enum::name).toList());
        }
    }

    @Override
    public Integer call() {
        VaultstreamConfig cfg = config.loadClient();
        List<VaultCommand> commands = source.count != null ? generated(cfg, source.count) : List.of(fromFile(cfg, source.file));
        PrintWriter out = spec.commandLine().getOut();
        try (CommandProducer producer = new CommandProducer(cfg)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (VaultCommand c : commands) {
                acks.add(producer.send(c));
            }
            for (int i = 0; i < commands.size(); i++) {
                CommandProducer.await(acks.get(i));
                out.println(commands.get(i).getVaultingRequestId());
            }
            out.flush();
        }
        return 0;
    }

    private List<VaultCommand> generated(VaultstreamConfig cfg, int count) {
        if (count < 1) {
            throw new UserFacingException("--count must be at least 1");
        }
        List<SandboxScenario> scenarios;
        if ("mixed".equalsIgnoreCase(scenario)) {
            scenarios = List.of(SandboxScenario.values());
        } else {
            scenarios = List.of(SandboxScenario.byName(scenario).orElseThrow(() -> new UserFacingException("--scenario: unknown scenario '"
                    + scenario + "'; one of " + new Scenarios() + " or mixed")));
        }
        return ScenarioCommands.generate(count, scenarios, cfg.getString(ConfigKeys.SEND_REDIRECT_URL), "CLI", () -> cipher(cfg))
                .stream().map(ScenarioCommands.Generated::command).toList();
    }

    private VaultCommand fromFile(VaultstreamConfig cfg, Path file) {
        ObjectMapper json = AntomJson.mapper();
        String redirect = cfg.getString(ConfigKeys.SEND_REDIRECT_URL);
        try {
            switch (action) {
                case "vaultPaymentMethod" -> {
                    VaultPaymentMethodRequest r = json.readValue(file.toFile(), VaultPaymentMethodRequest.class);
                    r = new VaultPaymentMethodRequest(idOrNew(r.vaultingRequestId()), r.vaultingNotificationUrl(),
                            r.redirectUrl() == null ? redirect : r.redirectUrl(), r.merchantRegion(), r.paymentMethodDetail(), r.env(),
                            r.merchantAccountId(), r.metadata());
                    if (r.paymentMethodDetail() == null || r.paymentMethodDetail().card() == null) {
                        throw new UserFacingException(file + ": paymentMethodDetail.card is required for vaultPaymentMethod");
                    }
                    return Commands.vault(r, cipher(cfg), "CLI", null, Instant.now());
                }
                case "createVaultingSession" -> {
                    CreateVaultingSessionRequest r = json.readValue(file.toFile(), CreateVaultingSessionRequest.class);
                    r = new CreateVaultingSessionRequest(r.paymentMethodType(), idOrNew(r.vaultingRequestId()), r.vaultingNotificationUrl(),
                            r.redirectUrl() == null ? redirect : r.redirectUrl(), r.merchantRegion(), r.is3DSAuthentication());
                    return Commands.session(r, "CLI", null, Instant.now());
                }
                case "inquireVaulting" -> {
                    InquireVaultingRequest r = json.readValue(file.toFile(), InquireVaultingRequest.class);
                    if (r.vaultingRequestId() == null || r.vaultingRequestId().isBlank()) {
                        throw new UserFacingException(file + ": vaultingRequestId is required for inquireVaulting");
                    }
                    return Commands.inquire(r.vaultingRequestId(), r.merchantAccountId(), "CLI", null, Instant.now());
                }
                default -> throw new UserFacingException("--action: must be vaultPaymentMethod, createVaultingSession or inquireVaulting");
            }
        } catch (IOException e) {
            // Jackson's message may quote the input, which can be card data: name the file and the position only
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
            throw new UserFacingException(file + ": not a readable " + action + " request body (" + e.getClass().getSimpleName() + where + ")");
        }
    }

    private static String idOrNew(String id) {
        return id == null || id.isBlank() ? "vs-" + UUID.randomUUID() : id;
    }

    private static CardCipher cipher(VaultstreamConfig cfg) {
        return new CardCipher(CardKeyring.load(cfg.requireFile(ConfigKeys.CARD_KEYRING_FILE, "send")));
    }
}
