package org.massaged.controller.hardware.gpio;



import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.massaged.controller.hardware.gpio.GpioFixtures.ZONE;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.hardware.RacingEmergencyStop;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.GpioTransport.InputLine;
import org.massaged.device.profile.GpioTransport.Pull;
import org.massaged.device.profile.Zone;

class GpioDeviceTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private MockChair chair = new MockChair(GpioFixtures.transport());
    private GpioDevice device;

    @AfterEach
    void closeDevice() {
        if (device != null) {
            device.close();
        }
    }

    private GpioDevice open() throws DeviceException {
        return open(GpioFixtures.profile());
    }

    private GpioDevice open(DeviceProfile profile) throws DeviceException {
        device = new GpioDevice(profile, chair, nanos::get, Housekeeping.manual());
        device.open(events::add);
        return device;
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        device.housekeeping();
    }

    private static Setpoints motor(int steps) {
        return new Setpoints(Map.of(ZONE, steps), false, 0, 1000);
    }

    private static Setpoints motorAndHeat(int steps) {
        return new Setpoints(Map.of(ZONE, steps), true, 38, 1000);
    }

    private static Setpoints off() {
        return Setpoints.off(List.of(ZONE));
    }

    private List<Command> localCommands() {
        return events.stream().filter(DeviceEvent.LocalInput.class::isInstance)
                .map(event -> ((DeviceEvent.LocalInput) event).command()).toList();
    }

    private Readings lastReadings() {
        List<Readings> all = events.stream().filter(DeviceEvent.Status.class::isInstance)
                .map(event -> ((DeviceEvent.Status) event).readings()).toList();
        return all.get(all.size() - 1);
    }

    private void pressAndRelease(InputRole role) {
        chair.press(role);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS));
        chair.release(role);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS));
    }

    // --- outputs ---------------------------------------------------------------------------------------

    /**
     * Issue 11.5: an emergency stop from another thread lands while the control thread applies an all-off computed
     * before it (the clock read inside apply is the hook that places it there). Before the fix, that all-off
     * "re-armed" the latch the emergency stop had just set, and the next non-zero setpoint drove the motor.
     */
    @Test
    void anEmergencyStopRacingAnAllOffApplyKeepsTheMotorOffUntilTheNextAllOff() throws Exception {
        RacingEmergencyStop race = new RacingEmergencyStop(nanos::get);
        device = new GpioDevice(GpioFixtures.profile(), chair, race, Housekeeping.manual());
        device.open(events::add);
        race.arm(device);
        device.apply(off());
        assertThat(race.struck()).as("the emergency stop struck inside apply").isTrue();
        device.apply(motor(600));
        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.enableOn()).isFalse();
        device.apply(off());
        device.apply(motor(600));
        assertThat(chair.enableOn()).as("an all-off applied after the stop re-arms").isTrue();
    }

    @Test
    void openLeavesEveryOutputAtItsShutdownValueAndReportsTheLink() throws Exception {
        open();

        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.enableOn()).isFalse();
        assertThat(chair.heaterOn()).isFalse();
        // the heater relay is active-low: off means the line is HIGH
        assertThat(chair.output(GpioIds.HEATER).state()).isEqualTo(DigitalState.HIGH);
        assertThat(events).first().isInstanceOf(DeviceEvent.LinkUp.class);
        assertThat(localCommands()).isEmpty();
    }

    @Test
    void setpointsDrivePwmDutyEnableAndHeater() throws Exception {
        open();
        device.apply(motorAndHeat(500));
        advance(GpioFixtures.KICK.plusMillis(1));
        device.apply(motorAndHeat(500));

        assertThat(chair.dutyPercent()).isEqualTo(50.0);
        assertThat(chair.enableOn()).isTrue();
        assertThat(chair.heaterOn()).isTrue();
        assertThat(chair.output(GpioIds.HEATER).state()).isEqualTo(DigitalState.LOW);
        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, 500);
        assertThat(lastReadings().heaterOn()).isTrue();

        device.apply(motor(250));
        assertThat(chair.dutyPercent()).isEqualTo(25.0);
        assertThat(chair.heaterOn()).isFalse();
    }

    @Test
    void stepsBelowOffBelowLeaveTheMotorOff() throws Exception {
        open();
        device.apply(motor(GpioFixtures.OFF_BELOW - 1));

        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.enableOn()).isFalse();
        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, 0);
    }

    @Test
    void aStoppedMotorGetsItsKickStartThenTheAskedSteps() throws Exception {
        open();
        device.apply(motor(300));
        assertThat(chair.dutyPercent()).isEqualTo(40.0);
        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, GpioFixtures.KICK_STEPS);

        advance(GpioFixtures.KICK.minusMillis(1));
        device.apply(motor(300));
        assertThat(chair.dutyPercent()).isEqualTo(40.0);

        advance(Duration.ofMillis(1));
        device.apply(motor(300));
        assertThat(chair.dutyPercent()).isEqualTo(30.0);

        // already turning: no second kick
        device.apply(motor(200));
        assertThat(chair.dutyPercent()).isEqualTo(20.0);
        // a request above the kick is not lowered by it
        device.apply(off());
        device.apply(motor(900));
        assertThat(chair.dutyPercent()).isEqualTo(90.0);
    }

    @Test
    void withoutKickStartTheFirstTickDrivesTheAskedSteps() throws Exception {
        open(GpioFixtures.profile(GpioFixtures.transport(),
                List.of(new Zone(ZONE, "Lower back", false, GpioFixtures.actuator(Optional.empty())))));
        device.apply(motor(300));
        assertThat(chair.dutyPercent()).isEqualTo(30.0);
    }

    @Test
    void everyStopDropsTheMotorEnableBeforeThePwm() throws Exception {
        open();
        List<Boolean> pwmOnWhenEnableDropped = new ArrayList<>();
        Pwm pwm = chair.context().registry().get(GpioIds.PWM, Pwm.class);
        chair.output(GpioIds.ENABLE).addListener(event -> {
            if (event.state() == DigitalState.LOW) {
                pwmOnWhenEnableDropped.add(pwm.isOn());
            }
        });

        device.apply(motor(600));
        device.apply(off());                      // a normal stop
        device.apply(motor(600));
        device.emergencyStop();                   // an emergency stop
        device.apply(off());
        device.apply(motor(600));
        device.close();                           // shutdown
        device = null;

        assertThat(pwmOnWhenEnableDropped).containsExactly(true, true, true);
    }

    @Test
    void otherZonesInTheSetpointsAreNeverDriven() throws Exception {
        open();
        device.apply(new Setpoints(Map.of("spine", 900), false, 0, 1000));
        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.enableOn()).isFalse();
    }

    @Test
    void outputsWhoseLeaseRunsOutAreCutAndReported() throws Exception {
        open();
        device.apply(new Setpoints(Map.of(ZONE, 500), true, 38, 250));
        advance(Duration.ofMillis(250));
        assertThat(chair.enableOn()).isTrue();

        advance(Duration.ofMillis(1));

        assertThat(chair.enableOn()).isFalse();
        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.heaterOn()).isFalse();
        assertThat(events).filteredOn(DeviceEvent.Fault.class::isInstance)
                .extracting(event -> ((DeviceEvent.Fault) event).code()).containsExactly("lease-expired");
    }

    @Test
    void closeCutsOutputsReleasesEveryLineAndAllowsAReopen() throws Exception {
        open();
        device.apply(motorAndHeat(700));
        device.close();

        assertThat(chair.context().registry().all()).isEmpty();
        device.open(events::add);
        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.enableOn()).isFalse();
        device.apply(motor(700));
        assertThat(chair.enableOn()).isTrue();
    }

    @Test
    void theShippedGpioProfileOpensAndDrivesItsMotor() throws Exception {
        DeviceProfile shipped = org.massaged.device.profile.ProfileCatalogue.builtIn().find("body-massager-gpio")
                .orElseThrow();
        chair = new MockChair((GpioTransport) shipped.transport());
        open(shipped);
        String zone = shipped.drivableZones().get(0).id();
        int steps = shipped.drivableZones().get(0).actuator().steps();

        device.apply(new Setpoints(Map.of(zone, steps / 2), false, 0, 500));
        advance(Duration.ofMillis(300));          // past the kick-start, inside the lease
        device.apply(new Setpoints(Map.of(zone, steps / 2), false, 0, 500));

        assertThat(chair.dutyPercent()).isEqualTo(50.0);
        assertThat(chair.enableOn()).isTrue();
        chair.cutEmergencyStopWire();
        assertThat(chair.enableOn()).isFalse();
        assertThat(chair.dutyPercent()).isZero();
    }

    @Test
    void closeIsIdempotent() throws Exception {
        open();
        device.close();
        device.close();
        device = null;
    }

    // --- emergency stop --------------------------------------------------------------------------------

    @Test
    void cuttingTheEmergencyStopWireMidSessionCutsPwmAndEnableOnTheEdge() throws Exception {
        open();
        device.apply(motorAndHeat(600));
        advance(Duration.ofMillis(300));
        device.apply(motorAndHeat(600));
        assertThat(chair.enableOn()).isTrue();

        chair.cutEmergencyStopWire();             // no housekeeping pass, no tick: the edge alone

        assertThat(chair.dutyPercent()).isZero();
        assertThat(chair.enableOn()).isFalse();
        assertThat(chair.heaterOn()).isFalse();
        assertThat(localCommands()).containsExactly(new Command.EmergencyStop(Origin.LOCAL_INPUT));
    }

    @Test
    void afterTheWireIsCutStaleSetpointsNeverDriveUntilAllOffWasSentWithTheWireClosed() throws Exception {
        open();
        device.apply(motor(600));
        chair.cutEmergencyStopWire();

        device.apply(motor(600));                 // the tick computed before the engine heard of it
        assertThat(chair.enableOn()).isFalse();

        device.apply(off());                      // the engine latched, but the wire is still open
        device.apply(motor(600));
        assertThat(chair.enableOn()).isFalse();

        chair.mendEmergencyStopWire();
        device.apply(motor(600));                 // closed, but not yet settled
        assertThat(chair.enableOn()).isFalse();
        advance(Duration.ofMillis(GpioFixtures.ESTOP_DEBOUNCE_MS));
        device.apply(motor(600));                 // settled, but no all-off since
        assertThat(chair.enableOn()).isFalse();

        device.apply(off());
        device.apply(motor(600));
        assertThat(chair.enableOn()).isTrue();
        assertThat(localCommands()).containsExactly(new Command.EmergencyStop(Origin.LOCAL_INPUT));
    }

    @Test
    void aChatteringEmergencyStopWireStopsAtOnceAndIsReportedOncePerOpening() throws Exception {
        open();
        device.apply(motor(600));
        for (int i = 0; i < 5; i++) {
            chair.cutEmergencyStopWire();
            assertThat(chair.enableOn()).isFalse();
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            chair.mendEmergencyStopWire();
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(localCommands()).hasSize(1);

        advance(Duration.ofMillis(GpioFixtures.ESTOP_DEBOUNCE_MS));   // closed and settled
        chair.cutEmergencyStopWire();                                   // a new opening
        assertThat(localCommands()).hasSize(2).allMatch(Command.EmergencyStop.class::isInstance);
    }

    @Test
    void anEmergencyStopCircuitOpenAtStartUpIsAnEmergencyStop() throws Exception {
        chair.cutEmergencyStopWire();
        open();

        assertThat(localCommands()).containsExactly(new Command.EmergencyStop(Origin.LOCAL_INPUT));
        device.apply(off());
        device.apply(motor(600));
        assertThat(chair.enableOn()).isFalse();
    }

    @Test
    void anEdgeMissedByTheListenerIsCaughtByTheNextSample() throws Exception {
        open();
        device.apply(motor(600));
        // the line goes open without an edge event (a lost interrupt)
        chair.changeWithoutEdge(InputRole.EMERGENCY_STOP, true);
        assertThat(chair.enableOn()).isTrue();

        device.housekeeping();

        assertThat(chair.enableOn()).isFalse();
        assertThat(localCommands()).containsExactly(new Command.EmergencyStop(Origin.LOCAL_INPUT));
    }

    @Test
    void emergencyStopIsIdempotentAndHoldsAgainstConcurrentTicks() throws Exception {
        open();
        device.apply(motor(600));
        Thread ticker = new Thread(() -> {
            for (int i = 0; i < 2000; i++) {
                device.apply(motor(600));
            }
        });
        ticker.start();
        device.emergencyStop();
        device.emergencyStop();
        ticker.join();

        assertThat(chair.enableOn()).isFalse();
        assertThat(chair.dutyPercent()).isZero();
    }

    @Test
    void anEmergencyStopThatACutWireWouldNotTripIsRefusedAtOpen() {
        GpioTransport transport = GpioFixtures.transport(new InputLine(17, Pull.UP, true, true, 10));
        chair = new MockChair(transport);
        assertThatThrownBy(() -> open(GpioFixtures.profile(transport))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("GPIO 17").hasMessageContaining("cut wire");
    }

    @Test
    void aNormallyOpenEmergencyStopIsRefusedAtOpen() {
        GpioTransport transport = GpioFixtures.transport(new InputLine(17, Pull.UP, false, false, 10));
        chair = new MockChair(transport);
        assertThatThrownBy(() -> open(GpioFixtures.profile(transport))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("normally-closed");
    }

    @Test
    void aProfileWithTwoMotorsIsRefused() {
        Zone second = new Zone("upper-back", "Upper back", false, GpioFixtures.actuator(Optional.empty()));
        Zone spine = new Zone("spine", "Spine", true, GpioFixtures.actuator(Optional.empty()));
        Zone first = new Zone(ZONE, "Lower back", false, GpioFixtures.actuator(Optional.empty()));
        assertThatThrownBy(() -> open(GpioFixtures.profile(GpioFixtures.transport(), List.of(first, second))))
                .isInstanceOf(DeviceException.class).hasMessageContaining("2 drivable zones");
        // an overSpine zone is no motor of this board: one drivable zone is fine
        chair = new MockChair(GpioFixtures.transport());
        device = null;
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> open(GpioFixtures.profile(GpioFixtures.transport(), List.of(first, spine))));
    }

    // --- buttons ---------------------------------------------------------------------------------------

    @Test
    void eachButtonPostsItsPressAsALocalInput() throws Exception {
        open();
        pressAndRelease(InputRole.START_STOP);
        pressAndRelease(InputRole.INTENSITY_UP);
        pressAndRelease(InputRole.INTENSITY_DOWN);
        pressAndRelease(InputRole.TOO_MUCH);
        pressAndRelease(InputRole.START_STOP);

        assertThat(localCommands()).as("what a press means is the engine's to decide (SessionEngine)").containsExactly(
                press(Command.Button.START_STOP), press(Command.Button.LEVEL_UP), press(Command.Button.LEVEL_DOWN),
                press(Command.Button.TOO_MUCH), press(Command.Button.START_STOP));
    }

    private static Command press(Command.Button button) {
        return new Command.Press(Origin.LOCAL_INPUT, button);
    }

    @Test
    void aPressCountsWhenItSettlesNotWhenItIsReleased() throws Exception {
        open();
        chair.press(InputRole.TOO_MUCH);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS - 1));
        assertThat(localCommands()).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(localCommands()).containsExactly(press(Command.Button.TOO_MUCH));
        advance(Duration.ofSeconds(5));           // held: still one press
        assertThat(localCommands()).hasSize(1);
    }

    @Test
    void aChatteringButtonIsOnePress() throws Exception {
        open();
        for (int bounce = 0; bounce < 6; bounce++) {
            chair.press(InputRole.TOO_MUCH);
            advance(Duration.ofMillis(3));
            chair.release(InputRole.TOO_MUCH);
            advance(Duration.ofMillis(2));
        }
        chair.press(InputRole.TOO_MUCH);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS));
        chair.release(InputRole.TOO_MUCH);
        advance(Duration.ofMillis(4));
        chair.press(InputRole.TOO_MUCH);          // release bounce
        advance(Duration.ofMillis(4));
        chair.release(InputRole.TOO_MUCH);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS));

        assertThat(localCommands()).containsExactly(press(Command.Button.TOO_MUCH));
    }

    @Test
    void aBlipShorterThanTheDebounceIsNoPress() throws Exception {
        open();
        chair.press(InputRole.START_STOP);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS - 5));
        chair.release(InputRole.START_STOP);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS * 3));
        assertThat(localCommands()).isEmpty();
    }

    @Test
    void aButtonStuckPressedAtStartUpStartsNothingUntilSeenReleased() throws Exception {
        chair.press(InputRole.START_STOP);
        open();
        advance(Duration.ofSeconds(10));
        assertThat(localCommands()).isEmpty();

        chair.release(InputRole.START_STOP);
        advance(Duration.ofMillis(GpioFixtures.BUTTON_DEBOUNCE_MS));
        assertThat(localCommands()).isEmpty();

        pressAndRelease(InputRole.START_STOP);
        assertThat(localCommands()).singleElement().isEqualTo(press(Command.Button.START_STOP));
    }

    @Test
    void aButtonSequenceComesThroughInOrder() throws Exception {
        open();
        List<InputRole> sequence = List.of(InputRole.INTENSITY_UP, InputRole.START_STOP, InputRole.INTENSITY_UP,
                InputRole.INTENSITY_UP, InputRole.TOO_MUCH, InputRole.INTENSITY_DOWN, InputRole.INTENSITY_DOWN,
                InputRole.INTENSITY_DOWN, InputRole.START_STOP);
        for (InputRole role : sequence) {
            pressAndRelease(role);
        }

        assertThat(localCommands()).extracting(command -> ((Command.Press) command).button()).containsExactly(
                Command.Button.LEVEL_UP, Command.Button.START_STOP, Command.Button.LEVEL_UP, Command.Button.LEVEL_UP,
                Command.Button.TOO_MUCH, Command.Button.LEVEL_DOWN, Command.Button.LEVEL_DOWN, Command.Button.LEVEL_DOWN,
                Command.Button.START_STOP);
        assertThat(localCommands()).allMatch(command -> command.origin() == Origin.LOCAL_INPUT);
    }

    // --- readings --------------------------------------------------------------------------------------

    @Test
    void occupancyIsReportedOnceSettled() throws Exception {
        open();
        device.apply(off());
        assertThat(lastReadings().occupied()).contains(false);

        chair.press(InputRole.OCCUPANCY);
        advance(Duration.ofMillis(GpioFixtures.OCCUPANCY_DEBOUNCE_MS - 1));
        device.apply(off());
        assertThat(lastReadings().occupied()).contains(false);

        advance(Duration.ofMillis(1));
        device.apply(off());
        assertThat(lastReadings().occupied()).contains(true);
        assertThat(localCommands()).isEmpty();
    }

    @Test
    void tachometerPulsesAreReportedAsRpm() throws Exception {
        open();
        device.apply(motor(500));
        // 2 pulses per revolution at 100 Hz: 3000 rpm
        for (int i = 0; i < 50; i++) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
            chair.tachPulse();
        }
        device.apply(motor(500));
        assertThat(lastReadings().zoneRpm().get(ZONE)).isCloseTo(3000.0, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aMotorThatDoesNotTurnWhenDrivenIsReportedAtZeroRpm() throws Exception {
        open();
        device.apply(motor(800));
        advance(Duration.ofSeconds(2));
        device.apply(motor(800));

        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, 800);
        assertThat(lastReadings().zoneRpm()).containsEntry(ZONE, 0.0);
    }

    @Test
    void aMotorThatTurnsWhenCommandedOffIsReportedHonestly() throws Exception {
        open();
        for (int i = 0; i < 20; i++) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
            chair.tachPulse();
        }
        device.apply(off());

        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, 0);
        assertThat(lastReadings().zoneRpm().get(ZONE)).isCloseTo(1500.0, org.assertj.core.data.Offset.offset(1.0));
    }
}
