package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.program.Program;

/**
 * Random payloads on every command topic, with a fixed seed (printed on failure): the parser and planner
 * either reject with a reason or produce a command, and the engine that judges it (the same one every channel
 * reaches) never lets a level above homeMax, a duration outside 5–15 min or an unknown program through; nothing
 * throws.
 */
class WireFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261120L);
    private static final List<String> FIELDS = List.of("action", "program", "duration", "level", "heat",
            "transaction", "issued_at", "speed");
    private static final List<String> VALUES = List.of("\"start\"", "\"stop\"", "\"emergency_stop\"", "3", "7", "-1",
            "2.5", "true", "false", "null", "\"gentle\"", "\"kneading\"", "\"\"", "[]", "{}", "\"ON\"", "99999999999",
            "\"2026-11-20T20:00:00Z\"", "1e3", "\"reset\"", "\"skip_step\"");
    private static final Instant T0 = Instant.parse("2026-11-20T20:00:00Z");

    private final CommandParser parser = new CommandParser();
    private final CommandPlanner planner = new CommandPlanner();

    @Test
    void randomPayloadsAreRejectedOrStayInsideTheLimits() {
        Random random = new Random(SEED);
        SessionEngine engine = new SessionEngine(new EngineConfig(Fixtures.lumbarDuo(), Fixtures.programs().stream()
                .collect(Collectors.toMap(Program::id, program -> program)), "gentle", false,
                RemoteStartPolicy.ALLOWED), UsageHistory.empty(), 0);
        Limits limits = engine.limits();
        int commands = 0;
        int rejections = 0;
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            String topicField = random.nextInt(3) == 0 ? FIELDS.get(random.nextInt(FIELDS.size())) : null;
            byte[] payload = topicField == null ? jsonish(random) : plain(random);
            try {
                WireRequest request = topicField == null ? parser.parseSetJson(payload, Map.of())
                        : parser.parseSetField(topicField, payload, Map.of());
                CommandPlanner.Plan plan = planner.plan(request);
                if (plan instanceof CommandPlanner.Plan.Submit submit) {
                    commands++;
                    now += 50_000_000L;
                    engine.handle(submit.command(), now, T0.plusNanos(now));
                    engine.tick(now, T0.plusNanos(now));
                    assertInsideLimits(engine.snapshot(), limits);
                } else if (plan instanceof CommandPlanner.Plan.Reject) {
                    rejections++;
                }
            } catch (WireRejection.Thrown rejected) {
                rejections++;
                assertThat(rejected.rejection.reason()).isNotBlank();
                assertThat(rejected.rejection.message()).isNotBlank();
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("seed " + SEED + ", case " + i + ", topic field " + topicField + ", payload "
                        + new String(payload, StandardCharsets.UTF_8) + ": " + e, e);
            }
        }
        assertThat(commands).as("seed %d: some random commands are valid", SEED).isPositive();
        assertThat(rejections).as("seed %d: most are not", SEED).isGreaterThan(commands);
    }

    private static void assertInsideLimits(SessionSnapshot snapshot, Limits limits) {
        assertThat(snapshot.targetLevel()).isBetween(1, limits.ceiling());
        assertThat(snapshot.next().level()).isBetween(1, limits.ceiling());
        assertThat(snapshot.next().duration()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(15));
        assertThat(snapshot.remainingSeconds()).isLessThanOrEqualTo(15 * 60);
        assertThat(limits.programIds()).contains(snapshot.next().program());
        snapshot.program().ifPresent(program -> assertThat(limits.programIds()).contains(program));
        snapshot.zoneLevels().values().forEach(level -> assertThat(level).isLessThanOrEqualTo(limits.ceiling()));
    }

    private static byte[] jsonish(Random random) {
        if (random.nextInt(10) == 0) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            return garbage;
        }
        StringBuilder text = new StringBuilder("{");
        int fields = random.nextInt(4);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                text.append(',');
            }
            text.append('"').append(FIELDS.get(random.nextInt(FIELDS.size()))).append("\":")
                    .append(VALUES.get(random.nextInt(VALUES.size())));
        }
        if (random.nextInt(8) != 0) {
            text.append('}');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] plain(Random random) {
        String value = VALUES.get(random.nextInt(VALUES.size())).replace("\"", "");
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
