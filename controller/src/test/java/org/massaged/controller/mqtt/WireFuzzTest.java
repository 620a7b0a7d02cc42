package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Phase;

/**
 * Random payloads on every command topic, with a fixed seed (printed on failure): the parser and planner
 * either reject with a reason or produce a command inside the device's limits; nothing throws, and no level
 * above homeMax ever comes out.
 */
class WireFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261120L);
    private static final List<String> FIELDS = List.of("action", "program", "duration", "level", "heat",
            "transaction", "issued_at", "speed");
    private static final List<String> VALUES = List.of("\"start\"", "\"stop\"", "\"emergency_stop\"", "3", "7", "-1",
            "2.5", "true", "false", "null", "\"gentle\"", "\"kneading\"", "\"\"", "[]", "{}", "\"ON\"", "99999999999",
            "\"2026-11-20T20:00:00Z\"", "1e3");

    private final CommandParser parser = new CommandParser();
    private final DeviceLimits limits = DeviceLimits.of(Fixtures.lumbarDuo(), Fixtures.programs(), false);
    private final CommandPlanner planner = new CommandPlanner(limits);

    @Test
    void randomPayloadsAreRejectedOrStayInsideTheLimits() {
        Random random = new Random(SEED);
        int commands = 0;
        int rejections = 0;
        for (int i = 0; i < 20_000; i++) {
            String topicField = random.nextInt(3) == 0 ? FIELDS.get(random.nextInt(FIELDS.size())) : null;
            byte[] payload = topicField == null ? jsonish(random) : plain(random);
            Phase phase = Phase.values()[random.nextInt(Phase.values().length)];
            try {
                WireRequest request = topicField == null ? parser.parseSetJson(payload, Map.of())
                        : parser.parseSetField(topicField, payload, Map.of());
                CommandPlanner.Plan plan = planner.plan(request, phase, NextStart.none());
                if (plan instanceof CommandPlanner.Plan.Submit submit) {
                    commands++;
                    assertInsideLimits(submit.command());
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

    private void assertInsideLimits(Command command) {
        if (command instanceof Command.SetLevel level) {
            assertThat(level.level()).isBetween(1, limits.homeMax());
        }
        if (command instanceof Command.Start start) {
            start.level().ifPresent(level -> assertThat(level).isBetween(1, limits.homeMax()));
            start.duration().ifPresent(duration -> assertThat(duration.toMinutes()).isBetween(5L, 15L));
            start.program().ifPresent(program -> assertThat(limits.programIds()).contains(program));
        }
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
