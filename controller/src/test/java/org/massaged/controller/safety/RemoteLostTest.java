package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the remote command channel is lost, a session started over it ends gently; others go on. */
class RemoteLostTest {

    @Test
    void aSessionStartedOverMqttRampsDownWithTheCauseSaid() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.MQTT));
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.steps("back")).isPositive();

        assertThat(rig.engine.remoteLost(new Cause.RemoteLost(Origin.MQTT, "no probe came back for 31 s"), rig.now)).isTrue();

        assertThat(rig.phase()).isEqualTo(Phase.STOPPING);
        assertThat(rig.snap().cause().text()).isEqualTo("mqtt-lost: no probe came back for 31 s");
        long from = rig.now;
        rig.tick();
        assertThat(rig.steps("back")).as("a ramp down, not a cut").isPositive();
        rig.runUntil(Phase.COOLDOWN, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(rig.now - from)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(rig.events(SessionEvent.Ended.class)).singleElement()
                .satisfies(ended -> assertThat(ended.cause().text()).isEqualTo("mqtt-lost: no probe came back for 31 s"));
        assertThat(rig.engine.remoteLost(new Cause.RemoteLost(Origin.MQTT, "again"), rig.now)).as("nothing left to end").isFalse();
    }

    @Test
    void aSessionStartedAtTheDeviceOrTheCommandLineGoesOn() {
        for (Origin origin : new Origin[] {Origin.CLI, Origin.LOCAL_INPUT}) {
            Rig rig = new Rig(Fixtures.singleConfig());
            rig.send(Fixtures.start(origin));
            rig.run(Duration.ofSeconds(10));
            assertThat(rig.engine.remoteLost(new Cause.RemoteLost(Origin.MQTT, "disconnected"), rig.now)).isFalse();
            rig.tick();
            assertThat(rig.phase()).as("started by %s", origin).isEqualTo(Phase.RUNNING);
        }
    }

    @Test
    void losingMqttLeavesASessionStartedFromTheDashboardOnTheNetwork() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.WEB_REMOTE));
        rig.run(Duration.ofSeconds(10));

        assertThat(rig.engine.remoteLost(new Cause.RemoteLost(Origin.MQTT, "disconnected"), rig.now)).isFalse();
        rig.tick();
        assertThat(rig.phase()).as("its stop is on the page, which MQTT's loss does not take away")
                .isEqualTo(Phase.RUNNING);
    }

    @Test
    void aPausedSessionStartedOverMqttEnds() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.MQTT));
        rig.run(Duration.ofSeconds(10));
        rig.send(new Command.Pause(Origin.MQTT));
        rig.runUntil(Phase.PAUSED, Duration.ofSeconds(10));

        assertThat(rig.engine.remoteLost(new Cause.RemoteLost(Origin.MQTT, "disconnected"), rig.now)).isTrue();
        assertThat(rig.phase()).isIn(Phase.COOLDOWN, Phase.IDLE);
    }
}
