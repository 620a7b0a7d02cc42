package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.program.Program;

/**
 * Home Assistant device-based discovery ({@code <prefix>/device/<id>/config} with {@code cmps}), generated
 * from the capability model: a control or sensor appears only when the device has what it needs (no heat
 * switch without a heater), and the ranges are the device's limits.
 */
public final class Discovery {

    public static final String ORIGIN_URL = "https://github.com/massaged/massaged";

    private final Topics topics;
    private final DeviceProfile profile;
    private final Limits limits;

    /** Every control is declared in {@link Controls}; its range comes from the engine's {@code limits}. */
    public Discovery(Topics topics, DeviceProfile profile, Limits limits) {
        this.topics = topics;
        this.profile = profile;
        this.limits = limits;
    }

    public static String version() {
        String version = Discovery.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }

    public ObjectNode document() {
        ObjectNode root = JsonCodec.object();
        ObjectNode device = root.putObject("dev");
        device.putArray("ids").add(topics.haDeviceId());
        device.put("name", profile.name());
        device.put("mf", profile.vendor());
        device.put("mdl", profile.model());
        device.put("mdl_id", profile.id());
        device.put("hw", profile.revision());
        device.put("sw", version());
        device.put("sn", topics.deviceId());
        ObjectNode origin = root.putObject("o");
        origin.put("name", "massaged");
        origin.put("sw", version());
        origin.put("url", ORIGIN_URL);
        root.set("availability", daemonAvailability());
        root.put("qos", 1);
        ObjectNode components = root.putObject("cmps");

        for (Control action : Controls.actions()) {
            if (action.offeredOn(Control.Channel.HOME_ASSISTANT, limits)) {
                button(components, action);
            }
        }

        ObjectNode program = control(components, "program", "select", "Program", "program");
        program.put("state_topic", topics.state());
        program.put("value_template", "{{ value_json.program_shown }}");
        ArrayNode options = program.putArray("options");
        bounds("program").options().forEach(options::add);
        program.put("icon", "mdi:format-list-numbered");

        ObjectNode level = control(components, "level", "number", "Level", "level");
        level.put("state_topic", topics.state());
        level.put("value_template", "{{ value_json.level_shown }}");
        level.put("min", bounds("level").min());
        level.put("max", bounds("level").max());
        level.put("step", 1);
        level.put("mode", "slider");
        level.put("icon", "mdi:speedometer");

        ObjectNode duration = control(components, "duration", "number", "Duration", "duration");
        duration.put("state_topic", topics.state());
        duration.put("value_template", "{{ value_json.next.duration }}");
        duration.put("min", bounds("duration").min());
        duration.put("max", bounds("duration").max());
        duration.put("step", 1);
        duration.put("mode", "slider");
        duration.put("device_class", "duration");
        duration.put("unit_of_measurement", "min");

        if (Controls.named("heat").orElseThrow().offeredOn(Control.Channel.HOME_ASSISTANT, limits)) {
            ObjectNode heat = control(components, "heat", "switch", "Heat", "heat");
            heat.put("state_topic", topics.state());
            heat.put("value_template", "{{ 'ON' if value_json.heat_shown else 'OFF' }}");
            heat.put("payload_on", "ON");
            heat.put("payload_off", "OFF");
            heat.put("state_on", "ON");
            heat.put("state_off", "OFF");
            heat.put("icon", "mdi:heat-wave");
        }

        ObjectNode remaining = sensor(components, "remaining", "Remaining time", "{{ value_json.remaining_s }}");
        remaining.put("device_class", "duration");
        remaining.put("unit_of_measurement", "s");
        remaining.put("state_class", "measurement");

        ObjectNode phase = sensor(components, "phase", "Phase", "{{ value_json.phase }}");
        phase.put("device_class", "enum");
        ArrayNode phases = phase.putArray("options");
        for (Phase each : Phase.values()) {
            phases.add(each.wireName());
        }
        phase.put("json_attributes_topic", topics.state());
        phase.put("json_attributes_template",
                "{{ {'cause': value_json.cause, 'program': value_json.program, 'step': value_json.step, "
                        + "'step_count': value_json.step_count, 'technique': value_json.technique, "
                        + "'target_level': value_json.target_level, 'ceiling': value_json.ceiling} | tojson }}");

        for (SensorSpec spec : profile.sensors()) {
            if (spec.kind() == SensorKind.TEMPERATURE) {
                ObjectNode temperature = sensor(components, "temperature_" + spec.id(),
                        "Temperature " + spec.id(), "{{ value_json.temperatures.get('" + spec.id() + "') }}");
                temperature.put("device_class", "temperature");
                temperature.put("unit_of_measurement", "°C");
                temperature.put("state_class", "measurement");
            }
        }
        if (profile.hasOccupancySensor()) {
            ObjectNode occupancy = binarySensor(components, "occupancy", "Occupancy",
                    "{{ 'None' if value_json.occupied is none else ('ON' if value_json.occupied else 'OFF') }}");
            occupancy.put("device_class", "occupancy");
        }

        ObjectNode fault = binarySensor(components, "fault", "Fault", "{{ 'ON' if value_json.fault else 'OFF' }}");
        fault.put("device_class", "problem");
        fault.put("json_attributes_topic", topics.state());
        fault.put("json_attributes_template",
                "{{ {'code': value_json.fault_code, 'reason': value_json.fault_message} | tojson }}");

        ObjectNode sessions = sensor(components, "sessions_today", "Sessions today", "{{ value_json.sessions_today }}");
        sessions.put("state_class", "measurement");
        sessions.put("icon", "mdi:counter");

        ObjectNode minutes = sensor(components, "minutes_today", "Minutes today", "{{ value_json.minutes_today }}");
        minutes.put("device_class", "duration");
        minutes.put("unit_of_measurement", "min");
        minutes.put("state_class", "measurement");

        ObjectNode rest = sensor(components, "rest_remaining", "Rest remaining", "{{ value_json.rest_remaining_s }}");
        rest.put("device_class", "duration");
        rest.put("unit_of_measurement", "s");

        if (profile.vibration().isPresent()) {
            ObjectNode dose = sensor(components, "dose", "Vibration dose today", "{{ value_json.dose_a8 }}");
            dose.put("unit_of_measurement", "m/s²");
            dose.put("state_class", "measurement");
            dose.put("suggested_display_precision", 2);
            dose.put("icon", "mdi:vibrate");
            dose.put("json_attributes_topic", topics.state());
            dose.put("json_attributes_template", "{{ {'limit': value_json.dose_limit, 'weighting': '"
                    + profile.vibration().get().weighting().shown() + "'} | tojson }}");
        }

        ObjectNode last = sensor(components, "last_session", "Last session",
                "{{ value_json.last_session.ended_at if value_json.last_session else None }}");
        last.put("device_class", "timestamp");
        last.put("icon", "mdi:history");
        last.put("json_attributes_topic", topics.state());
        last.put("json_attributes_template", "{{ (value_json.last_session or {}) | tojson }}");

        ObjectNode link = components.putObject("link");
        link.put("p", "binary_sensor");
        link.put("unique_id", uniqueId("link"));
        link.put("name", "Massager link");
        link.put("device_class", "connectivity");
        link.put("entity_category", "diagnostic");
        link.put("state_topic", topics.link());
        link.put("value_template", "{{ value_json.state }}");
        link.put("payload_on", "online");
        link.put("payload_off", "offline");
        link.put("json_attributes_topic", topics.link());
        return root;
    }

    private ArrayNode daemonAvailability() {
        ArrayNode list = JsonCodec.array();
        ObjectNode daemon = list.addObject();
        daemon.put("topic", topics.availability());
        daemon.put("payload_available", "online");
        daemon.put("payload_not_available", "offline");
        return list;
    }

    /** Controls need the daemon and the massager: unavailable when either is gone. */
    private void bothAvailable(ObjectNode component) {
        ArrayNode list = daemonAvailability();
        ObjectNode link = list.addObject();
        link.put("topic", topics.link());
        link.put("value_template", "{{ value_json.state }}");
        link.put("payload_available", "online");
        link.put("payload_not_available", "offline");
        component.set("availability", list);
        component.put("availability_mode", "all");
    }

    /** What Home Assistant's start button sends: a start must say when it was sent (docs/mqtt.md, wills). */
    static final String START_TEMPLATE = pressTemplate("start");

    /** A button that sets the massager moving (start, resume) says when it was pressed, as the wire requires. */
    static String pressTemplate(String action) {
        return "{\"action\":\"" + action + "\",\"issued_at\":{{ now().timestamp() }}}";
    }

    private Control.Bounds bounds(String control) {
        return Controls.named(control).orElseThrow().bounds().apply(limits);
    }

    private void button(ObjectNode components, Control action) {
        String press = action.name();
        ObjectNode button = components.putObject(press);
        button.put("p", "button");
        button.put("unique_id", uniqueId(press));
        button.put("name", action.label());
        if (CommandIntake.setsMoving(action.command(Origin.MQTT, null))) {
            button.put("command_topic", topics.set());
            button.put("command_template", pressTemplate(press));
        } else {
            button.put("command_topic", topics.setField("action"));
            button.put("payload_press", press);
        }
        action.icon().ifPresent(icon -> button.put("icon", icon));
        // Stop and emergency stop stay pressable when the massager link is down: the daemon answers them.
        if (!press.equals("stop") && !press.equals("emergency_stop")) {
            bothAvailable(button);
        }
    }

    private ObjectNode control(ObjectNode components, String key, String platform, String name, String field) {
        ObjectNode control = components.putObject(key);
        control.put("p", platform);
        control.put("unique_id", uniqueId(key));
        control.put("name", name);
        control.put("command_topic", topics.setField(field));
        return control;
    }

    private ObjectNode sensor(ObjectNode components, String key, String name, String valueTemplate) {
        ObjectNode sensor = components.putObject(key);
        sensor.put("p", "sensor");
        sensor.put("unique_id", uniqueId(key));
        sensor.put("name", name);
        sensor.put("state_topic", topics.state());
        sensor.put("value_template", valueTemplate);
        return sensor;
    }

    private ObjectNode binarySensor(ObjectNode components, String key, String name, String valueTemplate) {
        ObjectNode sensor = components.putObject(key);
        sensor.put("p", "binary_sensor");
        sensor.put("unique_id", uniqueId(key));
        sensor.put("name", name);
        sensor.put("state_topic", topics.state());
        sensor.put("value_template", valueTemplate);
        return sensor;
    }

    private String uniqueId(String key) {
        return topics.haDeviceId() + "_" + key;
    }
}
