package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every fault the bench can inject into the world around the firmware, mid-session: the board cuts its outputs
 * by itself, latches the fault, and the daemon ends the session, journals it and publishes it.
 */
class BoardFaultsEndToEndTest extends OnTheBench {
    private void runningSession(String... worldBefore) throws Exception {
        rig = NanoRig.start(directory, worldBefore).awaitReady();
        rig.startSession(4);
    }

    private void assertBoardFault(String code, int value) {
        assertBoardFault(code, value, Duration.ofSeconds(5));
    }

    /** The board latches the fault within the time given, and everything after follows. */
    private void assertBoardFault(String code, int value, Duration within) {
        await().atMost(within).until(() -> rig.bench.latchedFault() == value);
        rig.awaitSafe();
        rig.awaitFaultReported(code);
        assertThat(rig.lastState().path("phase").asText()).isIn("fault", "emergency_stop");
    }

    @Test
    void aJammedMotorIsAStall() throws Exception {
        runningSession();
        rig.bench.command("stall on");
        assertBoardFault("MOTOR_STALL", 0x04);
        rig.awaitFaultPublished("MOTOR_STALL");
        assertThat(rig.daemon.log().lines().filter(line -> line.contains("WARN") && line.contains("MOTOR_STALL")))
                .as("the daemon logs the board's fault once, at WARN, with its code").hasSize(1);
    }

    @Test
    void aMotorThatTurnsAfterItsSpinDownIsAStuckRelay() throws Exception {
        runningSession();
        rig.bench.command("stuck-relay 400");
        assertThat(rig.daemon.massaged("stop").code()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> rig.bench.latchedFault() == 0x07);
        rig.awaitFaultReported("STUCK_RELAY");
        assertThat(rig.bench.relay()).as("the firmware drives the relay off; the welded contact does not obey")
                .isFalse();
        assertThat(rig.bench.rpm()).isPositive();
    }

    @Test
    void anOpenThermistorIsASensorFault() throws Exception {
        runningSession();
        rig.bench.command("thermistor open");
        assertBoardFault("SENSOR_FAULT", 0x0A);
    }

    @Test
    void aShortedThermistorIsASensorFault() throws Exception {
        runningSession();
        rig.bench.command("thermistor short");
        assertBoardFault("SENSOR_FAULT", 0x0A);
    }

    @Test
    void aPadThatHeatsWhileTheHeaterIsOffIsARunaway() throws Exception {
        runningSession("pad 40"); // warm already, at the profile's setpoint: the stuck element takes it past 41 °C
        rig.bench.command("heater-runaway on");
        assertBoardFault("HEATER_RUNAWAY", 0x06, Duration.ofSeconds(30)); // at 0.4 K/s or slower from where it cooled
    }

    @Test
    void aPadAtTheTripIsOverTemperature() throws Exception {
        runningSession();
        rig.bench.command("pad 44");
        rig.awaitSafe();
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.bench.latchedFault() == 0x05);
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.lastState().path("fault").asBoolean());
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.daemon.journalText().contains("OVER_TEMPERATURE")
                || rig.daemon.journalText().contains("overheat"));
    }

    @Test
    void aSilentLineEndsTheSessionAndTheBoardsDeadmanStopsTheMotor() throws Exception {
        runningSession();
        rig.bench.command("silent on");
        await().atMost(Duration.ofSeconds(3)).until(() -> !rig.bench.relay());
        // in the STATUS frames the host no longer hears (the bench reads them before the line drops them)
        await().atMost(Duration.ofSeconds(2)).until(() -> rig.bench.latchedFault() == 0x01);
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.daemon.journalText().contains("link-down"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !rig.lastState().path("active").asBoolean());
        rig.bench.command("silent off");
        await().atMost(Duration.ofSeconds(15)).until(rig::linkOnline);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> rig.bench.motor() == 0);
    }

    @Test
    void aBoardResetMidSessionNeverResumes() throws Exception {
        runningSession();
        rig.bench.command("reset");
        await().atMost(Duration.ofSeconds(2)).until(() -> !rig.bench.relay());
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.lastState().path("fault").asBoolean());
        await().atMost(Duration.ofSeconds(15)).until(rig::linkOnline);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> rig.bench.motor() == 0);
        assertThat(rig.lastState().path("phase").asText()).isEqualTo("fault");
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.daemon.journalText().contains("reset")
                || rig.daemon.journalText().contains("reboot"));
    }

    @Test
    void aHungMainLoopIsCutByTheDeadmanAndResetByTheWatchdog() throws Exception {
        runningSession();
        rig.bench.command("hang");
        await().atMost(Duration.ofSeconds(2)).until(() -> !rig.bench.relay());
        await().atMost(Duration.ofSeconds(5)).until(() -> Integer.parseInt(rig.bench.state().get("resets")) >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.lastState().path("fault").asBoolean());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> rig.bench.motor() == 0);
    }

    @Test
    void corruptFramesAndNoiseAreIgnoredAndTheSessionRunsOn() throws Exception {
        runningSession();
        rig.bench.command("corrupt 0.05");
        for (int burst = 0; burst < 5; burst++) {
            rig.bench.command("noise 40");
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                    .until(() -> rig.bench.relay() && rig.lastState().path("phase").asText().equals("running"));
        }
        rig.bench.command("clear");
        assertThat(Integer.parseInt(rig.bench.state().get("crc_errors"))).as("the board saw bad frames")
                .isPositive();
        assertThat(rig.bench.latchedFault()).isZero();
        assertThat(rig.publishedPhases()).doesNotContain("fault", "emergency_stop");
    }
}
