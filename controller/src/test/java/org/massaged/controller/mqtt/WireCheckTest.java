package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import java.util.stream.Collectors;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;

/** The wire checks and the planner without a broker: parsing, S7 freshness, limits, settings validation. */
class WireCheckTest {

    private final CommandParser parser = new CommandParser();
    private final WireGate gate = new WireGate(256, Duration.ofSeconds(30), Duration.ofSeconds(10),
            "massaged/chair1/response/");
    private static final Instant T0 = Instant.parse("2026-11-20T20:00:00Z");
    private final CommandPlanner planner = new CommandPlanner();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Incoming message(String payload, boolean retained, Optional<Long> expiry, long arrival) {
        return new Incoming("massaged/chair1/set", bytes(payload), retained, expiry, arrival, Optional.empty(),
                Optional.empty(), Map.of(), List.of());
    }

    private WireRejection rejection(ThrowingParse parse) {
        try {
            parse.run();
        } catch (WireRejection.Thrown thrown) {
            return thrown.rejection;
        }
        throw new AssertionError("expected a rejection");
    }

    interface ThrowingParse {
        void run() throws WireRejection.Thrown;
    }

    @Test
    void anExpiredMessageIsRejectedEvenWhenItWaitedInsideTheDaemon() {
        long arrival = 1_000_000_000L;
        Incoming withExpiry = message("{}", false, Optional.of(5L), arrival);
        assertThat(gate.expired(withExpiry, arrival + Duration.ofSeconds(4).toNanos())).isEmpty();
        assertThat(gate.expired(withExpiry, arrival + Duration.ofSeconds(5).toNanos()))
                .hasValueSatisfying(rejection -> assertThat(rejection.reason()).isEqualTo("expired"));
        assertThat(gate.beforeParsing(message("{}", false, Optional.of(0L), arrival), arrival))
                .hasValueSatisfying(rejection -> assertThat(rejection.reason()).isEqualTo("expired"));
        assertThat(gate.beforeParsing(message("{}", false, Optional.empty(), arrival), arrival + Long.MAX_VALUE / 2))
                .as("no expiry set: never expires").isEmpty();
    }

    @Test
    void retainedAndOversizedAreRejectedBeforeParsing() {
        assertThat(gate.beforeParsing(message("{\"action\":\"start\"}", true, Optional.empty(), 0), 0))
                .hasValueSatisfying(rejection -> assertThat(rejection.reason()).isEqualTo("retained"));
        assertThat(gate.beforeParsing(message("x".repeat(257), false, Optional.empty(), 0), 0))
                .hasValueSatisfying(rejection -> assertThat(rejection.reason()).isEqualTo("payload-too-large"));
        assertThat(gate.beforeParsing(message("x".repeat(256), false, Optional.empty(), 0), 0)).isEmpty();
    }

    @Test
    void issuedAtIsCheckedAgainstTheMaximumAgeBothWays() {
        Instant now = Instant.parse("2026-11-20T20:00:00Z");
        assertThat(gate.tooOld(Optional.of(now.minusSeconds(30)), now)).isEmpty();
        assertThat(gate.tooOld(Optional.of(now.minusSeconds(31)), now)).get()
                .extracting(WireRejection::reason).isEqualTo("stale");
        assertThat(gate.tooOld(Optional.of(now.plusSeconds(31)), now)).get()
                .extracting(WireRejection::reason).isEqualTo("issued-in-future");
        assertThat(gate.tooOld(Optional.empty(), now)).isEmpty();
    }

    @Test
    void issuedAtReadsIsoTimesWithOffsetAndEpochSeconds() throws Exception {
        assertThat(parser.parseSetJson(bytes("{\"issued_at\":\"2026-11-20T21:00:00+01:00\"}"), Map.of()).issuedAt())
                .contains(Instant.parse("2026-11-20T20:00:00Z"));
        assertThat(parser.parseSetJson(bytes("{\"issued_at\":1700000000.5}"), Map.of()).issuedAt())
                .contains(Instant.ofEpochSecond(1700000000L, 500_000_000));
        assertThat(parser.parseSetField("action", bytes("start"), Map.of("issued_at", "2026-11-20T20:00:00Z",
                "transaction", "abc")))
                .satisfies(request -> {
                    assertThat(request.issuedAt()).contains(Instant.parse("2026-11-20T20:00:00Z"));
                    assertThat(request.transaction()).contains("abc");
                });
    }

    @Test
    void plainValuesAreReadLikeHomeAssistantSendsThem() throws Exception {
        assertThat(parser.parseSetField("heat", bytes("ON"), Map.of()).heat()).contains(true);
        assertThat(parser.parseSetField("heat", bytes("off"), Map.of()).heat()).contains(false);
        assertThat(parser.parseSetField("level", bytes(" 4 "), Map.of()).level()).hasValue(4);
        assertThat(parser.parseSetField("action", bytes("EMERGENCY_STOP"), Map.of()).action())
                .contains(Controls.named("emergency_stop").orElseThrow());
        assertThat(rejection(() -> parser.parseSetField("level", bytes("4.0"), Map.of())).reason()).isEqualTo("wrong-type");
        assertThat(rejection(() -> parser.parseSetField("heat", bytes("maybe"), Map.of())).field()).contains("heat");
        assertThat(rejection(() -> parser.parseSetField("program", bytes(""), Map.of())).reason()).isEqualTo("wrong-type");
        assertThat(rejection(() -> parser.parseSetField("level", new byte[] {(byte) 0xff, (byte) 0xfe}, Map.of())).reason())
                .isEqualTo("invalid-encoding");
    }

    @Test
    void theFieldsAndTopicsAreTheTablesSettingsAndAWrongValueNamesWhatTheDeviceTakes() throws Exception {
        assertThat(CommandParser.SETTABLE_FIELDS).containsExactly("action", "program", "duration", "level", "heat");
        assertThat(CommandParser.JSON_FIELDS).containsExactlyInAnyOrder("transaction", "issued_at", "action",
                "program", "duration", "level", "heat");
        SessionEngine engine = engine(Fixtures.lumbarDuo(), false);
        CommandParser knowing = new CommandParser(engine.limits());
        int ceiling = engine.limits().ceiling();
        WireRejection level = rejection(() -> knowing.parseSetField("level", bytes("high"), Map.of()));
        assertThat(level.field()).contains("level");
        assertThat(level.message()).isEqualTo("set/level expects an integer (1 to " + ceiling + "), got 'high'");
        WireRejection duration = rejection(() -> knowing.parseSetJson(bytes("{\"duration\":2.5}"), Map.of()));
        assertThat(duration.reason()).isEqualTo("wrong-type");
        assertThat(duration.message()).isEqualTo("field 'duration' expects an integer ("
                + engine.limits().minDurationMinutes() + " to " + engine.limits().maxDurationMinutes()
                + " min), got 2.5");
        assertThat(rejection(() -> knowing.parseSetField("program", bytes(""), Map.of())).message())
                .startsWith("set/program expects a program id (one of ").contains("gentle");
        assertThat(rejection(() -> parser.parseSetField("level", bytes("high"), Map.of())).message())
                .as("without the limits: the type only").isEqualTo("set/level expects an integer, got 'high'");
        assertThat(knowing.parseSetJson(bytes("{\"heat\":true,\"level\":99}"), Map.of()).settings())
                .as("the range is the engine's to judge: read, in the table's order").containsExactly(
                        Map.entry("level", 99), Map.entry("heat", true));
    }

    @Test
    void getTakesOnlyTransactionAndIssuedAt() throws Exception {
        assertThat(parser.parseGet(new byte[0], Map.of()).get()).isTrue();
        assertThat(parser.parseGet(bytes("{\"transaction\":7}"), Map.of()).transaction()).contains("7");
        assertThat(rejection(() -> parser.parseGet(bytes("{\"level\":3}"), Map.of())).field()).contains("level");
    }

    @Test
    void theLevelOverMqttNeverExceedsHomeMaxWithoutTheLocalChoice() throws Exception {
        WireRequest seven = parser.parseSetJson(bytes("{\"level\":7}"), Map.of());
        CommandPlanner.Plan plan = planner.plan(seven);
        assertThat(plan).isEqualTo(new CommandPlanner.Plan.Submit(new Command.SetLevel(Origin.MQTT, 7)));
        Command command = ((CommandPlanner.Plan.Submit) plan).command();

        SessionEngine home = engine(Fixtures.lumbarDuo(), false);
        CommandResult lowered = home.handle(command, 0, T0);
        assertThat(lowered.outcome()).as("the engine's rule on every channel: lowered, and said so")
                .isEqualTo(CommandResult.Outcome.ADJUSTED);
        assertThat(lowered.reason()).isEqualTo("above-home-max");
        assertThat(lowered.field()).contains("level");
        assertThat(home.snapshot().next().level()).isEqualTo(home.limits().ceiling()).isLessThan(7);

        SessionEngine high = engine(Fixtures.lumbarDuo(), true);
        assertThat(high.handle(command, 0, T0).outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED);
        assertThat(high.snapshot().next().level()).isEqualTo(7);
        CommandResult ten = high.handle(new Command.SetLevel(Origin.MQTT, 10), 0, T0);
        assertThat(ten.reason()).isEqualTo("above-hard-max");
        assertThat(high.snapshot().next().level()).isEqualTo(high.limits().ceiling()).isLessThan(10);
    }

    @Test
    void aStartCarriesItsOwnSettingsForThisSessionOnly() throws Exception {
        WireRequest start = parser.parseSetJson(bytes("{\"action\":\"start\",\"level\":2}"), Map.of());
        assertThat(planner.plan(start)).isEqualTo(new CommandPlanner.Plan.Submit(
                Command.Start.with(Origin.MQTT, List.of(new Command.SetLevel(Origin.MQTT, 2)))));
        WireRequest settings = parser.parseSetJson(bytes("{\"program\":\"kneading\",\"level\":3}"), Map.of());
        assertThat(planner.plan(settings)).as("several settings are one command: all or none")
                .isEqualTo(new CommandPlanner.Plan.Submit(new Command.Batch(Origin.MQTT, List.of(
                        new Command.SetProgram(Origin.MQTT, "kneading"), new Command.SetLevel(Origin.MQTT, 3)))));
    }

    @Test
    void everyActionMapsToItsCommandFromMqtt() throws Exception {
        Map<String, Command> expected = Map.of(
                "stop", new Command.Stop(Origin.MQTT),
                "emergency_stop", new Command.EmergencyStop(Origin.MQTT),
                "reset", new Command.Reset(Origin.MQTT),
                "too_much", new Command.TooMuch(Origin.MQTT),
                "pause", new Command.Pause(Origin.MQTT),
                "resume", new Command.Resume(Origin.MQTT),
                "skip_step", new Command.SkipStep(Origin.MQTT));
        for (var entry : expected.entrySet()) {
            WireRequest request = parser.parseSetField("action", bytes(entry.getKey()), Map.of());
            assertThat(planner.plan(request))
                    .isEqualTo(new CommandPlanner.Plan.Submit(entry.getValue()));
        }
    }

    @Test
    void heatOnADeviceWithoutHeaterIsRejected() throws Exception {
        WireRequest heat = parser.parseSetField("heat", bytes("ON"), Map.of());
        CommandPlanner.Plan plan = planner.plan(heat);
        assertThat(plan).isInstanceOf(CommandPlanner.Plan.Submit.class);
        CommandResult answer = engine(Fixtures.bodyMassager(), false).handle(((CommandPlanner.Plan.Submit) plan)
                .command(), 0, T0);
        assertThat(answer.reason()).isEqualTo("no-heater");
        assertThat(answer.field()).contains("heat");
    }

    private static SessionEngine engine(DeviceProfile profile, boolean allowHighIntensity) {
        Map<String, Program> programs = new java.util.HashMap<>(Fixtures.programs().stream()
                .collect(Collectors.toMap(Program::id, program -> program)));
        String zone = profile.zones().get(0).id();
        programs.put("whole-back", new Program("whole-back", "Whole back", "circles", List.of(new Step("circles",
                Technique.PALM_CIRCLING, List.of(zone), 0.8, 0.8, false), new Step("finish", Technique.LONG_SLOW_STROKE,
                List.of(zone), 0.6, 0.2, false))));
        return new SessionEngine(new EngineConfig(profile, programs, "whole-back", allowHighIntensity,
                RemoteStartPolicy.ALLOWED), UsageHistory.empty(), 0);
    }

    @Test
    void settingsNameTheFieldTheyReject() {
        assertThatThrownBy(() -> MqttSettings.builder("chair 1", List.of("tcp://h:1883")).build())
                .hasMessageContaining("mqtt.deviceId");
        assertThatThrownBy(() -> MqttSettings.builder("chair1", List.of()).build())
                .hasMessageContaining("mqtt.broker");
        assertThatThrownBy(() -> MqttSettings.builder("chair1", List.of("http://h:80")).build())
                .hasMessageContaining("mqtt.broker").hasMessageContaining("http://h:80");
        assertThatThrownBy(() -> MqttSettings.builder("chair1", List.of("tcp://h:1883")).topicRoot("home/#").build())
                .hasMessageContaining("mqtt.topicRoot");
        assertThatThrownBy(() -> MqttSettings.builder("chair1", List.of("tcp://h:1883")).password("secret").build())
                .hasMessageContaining("mqtt.password");
        assertThatThrownBy(() -> MqttSettings.builder("chair1", List.of("tcp://h:1883"))
                .clientCertFile(java.nio.file.Path.of("c.pem")).build()).hasMessageContaining("mqtt.tls.clientCertificate");
        assertThatThrownBy(() -> MqttSettings.builder("chair1", List.of("tcp://h:1883")).payloadLimitBytes(10).build())
                .hasMessageContaining("mqtt.payloadLimit");
        MqttSettings defaults = MqttSettings.builder("chair1", List.of("tcp://h:1883")).build();
        assertThat(defaults.topicRoot()).isEqualTo("massaged/chair1");
        assertThat(defaults.clientId()).isEqualTo("massaged-chair1");
        assertThat(defaults.discoveryPrefix()).isEqualTo("homeassistant");
    }

    @Test
    void issuedAtNumbersOutsideTheCalendarAreRejectedNeverWrappedRoundToNow() {
        long now = Instant.now().getEpochSecond();
        for (String number : List.of("1e309", "1e20", "-1e30", "-1", "99999999999999999999", "253402300800",
                java.math.BigInteger.valueOf(now).add(java.math.BigInteger.TWO.pow(64)).toString())) {
            WireRejection json = rejection(() -> parser.parseSetJson(bytes("{\"issued_at\":" + number + "}"), Map.of()));
            assertThat(json.reason()).as(number).isEqualTo("out-of-range");
            assertThat(json.field()).as(number).contains("issued_at");
            WireRejection text = rejection(() -> parser.parseSetJson(bytes("{\"issued_at\":\"" + number + "\"}"),
                    Map.of()));
            assertThat(text.reason()).as("\"%s\"", number).isEqualTo("out-of-range");
            WireRejection property = rejection(() -> parser.parseSetField("action", bytes("stop"),
                    Map.of("issued_at", number)));
            assertThat(property.reason()).as("user property %s", number).isEqualTo("out-of-range");
        }
        for (String notANumber : List.of("\"NaN\"", "\"Infinity\"", "\"1e\"")) {
            assertThat(rejection(() -> parser.parseSetJson(bytes("{\"issued_at\":" + notANumber + "}"), Map.of()))
                    .reason()).as(notANumber).isEqualTo("wrong-type");
        }
    }

    @Test
    void onlyUtf8TextIsReadAsACommand() {
        String stop = "{\"action\":\"stop\"}";
        for (byte[] foreign : List.of(stop.getBytes(StandardCharsets.UTF_16LE), stop.getBytes(StandardCharsets.UTF_16BE),
                stop.getBytes(StandardCharsets.UTF_16), bytes("\uFEFF" + stop), bytes("{\"action\":\"st\u0000op\"}"),
                bytes("{\"action\":\"stop\u001b[2J\"}"))) {
            assertThat(rejection(() -> parser.parseSetJson(foreign, Map.of())).reason()).isEqualTo("invalid-encoding");
        }
        assertThat(rejection(() -> parser.parseSetField("action", "stop".getBytes(StandardCharsets.UTF_16LE), Map.of()))
                .reason()).isEqualTo("invalid-encoding");
        assertThat(parser.transactionOf("{\"transaction\":\"t\"}".getBytes(StandardCharsets.UTF_16LE), Map.of()))
                .as("nothing is read from a foreign encoding").isEmpty();
    }

    @Test
    void untrustedNamesAreShortenedInAnswers() {
        String longName = "x".repeat(5000);
        WireRejection unknown = rejection(() -> parser.parseSetJson(bytes("{\"" + longName + "\":1}"), Map.of()));
        assertThat(unknown.reason()).isEqualTo("unknown-field");
        assertThat(unknown.field().orElseThrow()).hasSizeLessThanOrEqualTo(41);
        assertThat(unknown.message()).hasSizeLessThan(200);
    }

    @Test
    void answersGoOnlyUnderTheRequestersResponsePrefix() {
        for (String allowed : List.of("massaged/chair1/response/ha", "massaged/chair1/response/alice/ui")) {
            assertThat(gate.responseTopic(Optional.of(allowed))).as(allowed).isEmpty();
        }
        for (String refused : List.of("zigbee2mqtt/front_door/set", "massaged/chair1/state", "massaged/chair1/availability",
                "massaged/chair1/set", "massaged/chair1/response", "massaged/chair1/response/", "massaged/chair1/responses",
                "massaged/chair2/response/x", "massaged/chair1/response/+", "massaged/chair1/response/#",
                "massaged/chair1/response//x", "massaged/chair1/response/a\nb", "massaged/chair1/response/" + "x".repeat(300))) {
            assertThat(gate.responseTopic(Optional.of(refused))).as(refused)
                    .hasValueSatisfying(rejection -> assertThat(rejection.reason()).isEqualTo("response-topic-not-allowed"));
        }
        assertThat(gate.responseTopic(Optional.empty())).isEmpty();
    }

    @Test
    void whatSetsTheMassagerMovingMustHaveBeenSentJustNow() {
        Instant now = Instant.parse("2026-11-20T20:00:00Z");
        assertThat(gate.freshEnoughToMove("start", Optional.empty(), now)).get()
                .satisfies(rejection -> assertThat(rejection.reason()).isEqualTo("missing-issued-at"));
        assertThat(gate.freshEnoughToMove("start", Optional.of(now.minusSeconds(10)), now)).isEmpty();
        assertThat(gate.freshEnoughToMove("start", Optional.of(now.minusSeconds(11)), now)).get()
                .satisfies(rejection -> assertThat(rejection.reason()).isEqualTo("stale"));
        assertThat(gate.freshEnoughToMove("resume", Optional.of(now.plusSeconds(11)), now)).get()
                .satisfies(rejection -> assertThat(rejection.reason()).isEqualTo("issued-in-future"));
        assertThat(CommandIntake.setsMoving(new Command.Start(Origin.MQTT, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty()))).isTrue();
        assertThat(CommandIntake.setsMoving(new Command.Resume(Origin.MQTT))).isTrue();
        assertThat(CommandIntake.setsMoving(new Command.Stop(Origin.MQTT))).isFalse();
    }

    @Test
    void aStopIsRecognisedWithoutReadingThePayload() {
        for (String stop : List.of("stop", "EMERGENCY_STOP", "{\"action\":\"emergency_stop\"}", " Stop ")) {
            assertThat(CommandParser.mayBeAStop(bytes(stop))).as(stop).isTrue();
        }
        for (String other : List.of("", "sto", "start", "{\"level\":3}", "STAHP")) {
            assertThat(CommandParser.mayBeAStop(bytes(other))).as(other).isFalse();
        }
    }
}
