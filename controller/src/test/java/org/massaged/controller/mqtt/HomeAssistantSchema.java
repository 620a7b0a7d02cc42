package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Home Assistant's documented MQTT discovery schema, as far as this device uses it (home-assistant.io/integrations/
 * mqtt, button.mqtt, select.mqtt, number.mqtt, switch.mqtt, sensor.mqtt, binary_sensor.mqtt, and the sensor
 * device classes). {@link #violations} lists every key or value the documentation does not allow.
 */
final class HomeAssistantSchema {

    private HomeAssistantSchema() {}

    static final Map<String, String> ROOT_ABBREVIATIONS = Map.of("dev", "device", "o", "origin", "cmps", "components");
    static final Map<String, String> DEVICE_ABBREVIATIONS = Map.of("ids", "identifiers", "mf", "manufacturer",
            "mdl", "model", "mdl_id", "model_id", "hw", "hw_version", "sw", "sw_version", "sn", "serial_number",
            "cu", "configuration_url", "sa", "suggested_area", "cns", "connections");
    static final Map<String, String> ORIGIN_ABBREVIATIONS = Map.of("sw", "sw_version", "url", "support_url");

    static final Set<String> ROOT_SHARED = Set.of("device", "origin", "components", "availability",
            "availability_mode", "availability_topic", "state_topic", "command_topic", "qos", "encoding");
    static final Set<String> DEVICE_KEYS = Set.of("identifiers", "connections", "configuration_url", "hw_version",
            "manufacturer", "model", "model_id", "name", "serial_number", "suggested_area", "sw_version", "via_device");
    static final Set<String> ORIGIN_KEYS = Set.of("name", "sw_version", "support_url");
    static final Set<String> AVAILABILITY_KEYS = Set.of("topic", "payload_available", "payload_not_available",
            "value_template");

    /** Options every entity platform takes. */
    static final Set<String> COMMON = Set.of("p", "platform", "unique_id", "name", "icon", "availability",
            "availability_mode", "availability_template", "availability_topic", "enabled_by_default", "encoding",
            "entity_category", "entity_picture", "json_attributes_template", "json_attributes_topic", "qos",
            "default_entity_id", "object_id", "payload_available", "payload_not_available");

    static final Map<String, Set<String>> PLATFORM_KEYS = Map.of(
            "button", Set.of("command_template", "command_topic", "device_class", "payload_press", "retain"),
            "select", Set.of("command_template", "command_topic", "options", "optimistic", "retain", "state_topic",
                    "value_template"),
            "number", Set.of("command_template", "command_topic", "device_class", "max", "min", "mode", "optimistic",
                    "payload_reset", "retain", "state_topic", "step", "unit_of_measurement", "value_template"),
            "switch", Set.of("command_template", "command_topic", "device_class", "optimistic", "payload_off",
                    "payload_on", "retain", "state_off", "state_on", "state_topic", "value_template"),
            "sensor", Set.of("device_class", "expire_after", "force_update", "last_reset_value_template", "options",
                    "suggested_display_precision", "state_class", "state_topic", "unit_of_measurement",
                    "value_template"),
            "binary_sensor", Set.of("device_class", "expire_after", "force_update", "off_delay", "payload_off",
                    "payload_on", "state_topic", "value_template"));

    static final Map<String, Set<String>> REQUIRED = Map.of(
            "button", Set.of("command_topic"),
            "select", Set.of("command_topic", "options"),
            "number", Set.of("command_topic"),
            "switch", Set.of("command_topic"),
            "sensor", Set.of("state_topic"),
            "binary_sensor", Set.of("state_topic"));

    static final Set<String> SENSOR_STATE_CLASSES = Set.of("measurement", "total", "total_increasing");
    static final Map<String, Set<String>> SENSOR_UNITS = Map.of(
            "duration", Set.of("d", "h", "min", "s", "ms"),
            "temperature", Set.of("°C", "°F", "K"));
    static final Set<String> BINARY_SENSOR_CLASSES = Set.of("battery", "battery_charging", "carbon_monoxide", "cold",
            "connectivity", "door", "garage_door", "gas", "heat", "light", "lock", "moisture", "motion", "moving",
            "occupancy", "opening", "plug", "power", "presence", "problem", "running", "safety", "smoke", "sound",
            "tamper", "update", "vibration", "window");
    static final Set<String> BUTTON_CLASSES = Set.of("identify", "restart", "update");
    static final Set<String> SWITCH_CLASSES = Set.of("outlet", "switch");
    static final Set<String> ENTITY_CATEGORIES = Set.of("config", "diagnostic");

    static List<String> violations(JsonNode root) {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ROOT_SHARED.contains(ROOT_ABBREVIATIONS.getOrDefault(key, key))) {
                problems.add("root: key '" + key + "' is not a shared option of device discovery");
            }
        }
        JsonNode device = either(root, "dev", "device");
        JsonNode origin = either(root, "o", "origin");
        JsonNode components = either(root, "cmps", "components");
        if (device == null) {
            problems.add("root: device (dev) is required");
        } else {
            checkKeys("device", device, DEVICE_ABBREVIATIONS, DEVICE_KEYS, problems);
            if (either(device, "ids", "identifiers") == null && either(device, "cns", "connections") == null) {
                problems.add("device: identifiers or connections is required");
            }
        }
        if (origin == null || origin.get("name") == null) {
            problems.add("root: origin (o) with a name is required");
        } else {
            checkKeys("origin", origin, ORIGIN_ABBREVIATIONS, ORIGIN_KEYS, problems);
        }
        if (root.has("availability")) {
            checkAvailability("root", root.get("availability"), problems);
        }
        if (components == null || !components.isObject() || components.isEmpty()) {
            problems.add("root: components (cmps) must map component ids to configs");
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            checkComponent(entry.getKey(), entry.getValue(), problems);
        }
        return problems;
    }

    private static void checkComponent(String id, JsonNode component, List<String> problems) {
        if (!id.matches("[a-zA-Z0-9_-]+")) {
            problems.add(id + ": component ids must be [a-zA-Z0-9_-]");
        }
        JsonNode platformNode = either(component, "p", "platform");
        if (platformNode == null || !PLATFORM_KEYS.containsKey(platformNode.asText())) {
            problems.add(id + ": platform (p) missing or unknown: " + platformNode);
            return;
        }
        String platform = platformNode.asText();
        if (component.get("unique_id") == null) {
            problems.add(id + ": unique_id is required for entity components");
        }
        for (Iterator<String> keys = component.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!COMMON.contains(key) && !PLATFORM_KEYS.get(platform).contains(key)) {
                problems.add(id + " (" + platform + "): '" + key + "' is not a documented option");
            }
        }
        for (String required : REQUIRED.get(platform)) {
            if (!component.has(required)) {
                problems.add(id + " (" + platform + "): '" + required + "' is required");
            }
        }
        if (component.has("availability")) {
            checkAvailability(id, component.get("availability"), problems);
        }
        if (component.has("availability_mode")
                && !Set.of("all", "any", "latest").contains(component.get("availability_mode").asText())) {
            problems.add(id + ": availability_mode must be all, any or latest");
        }
        if (component.has("entity_category") && !ENTITY_CATEGORIES.contains(component.get("entity_category").asText())) {
            problems.add(id + ": entity_category must be config or diagnostic");
        }
        String deviceClass = component.has("device_class") ? component.get("device_class").asText() : null;
        switch (platform) {
            case "sensor" -> checkSensor(id, component, deviceClass, problems);
            case "binary_sensor" -> {
                if (deviceClass != null && !BINARY_SENSOR_CLASSES.contains(deviceClass)) {
                    problems.add(id + ": binary_sensor device_class " + deviceClass + " is not documented");
                }
            }
            case "button" -> {
                if (deviceClass != null && !BUTTON_CLASSES.contains(deviceClass)) {
                    problems.add(id + ": button device_class " + deviceClass + " is not documented");
                }
            }
            case "switch" -> {
                if (deviceClass != null && !SWITCH_CLASSES.contains(deviceClass)) {
                    problems.add(id + ": switch device_class " + deviceClass + " is not documented");
                }
            }
            case "number" -> checkNumber(id, component, deviceClass, problems);
            case "select" -> {
                if (!component.get("options").isArray() || component.get("options").isEmpty()) {
                    problems.add(id + ": select options must be a non-empty list");
                }
            }
            default -> { }
        }
    }

    private static void checkSensor(String id, JsonNode sensor, String deviceClass, List<String> problems) {
        String unit = sensor.has("unit_of_measurement") ? sensor.get("unit_of_measurement").asText() : null;
        if (sensor.has("state_class") && !SENSOR_STATE_CLASSES.contains(sensor.get("state_class").asText())) {
            problems.add(id + ": state_class must be measurement, total or total_increasing");
        }
        if ("enum".equals(deviceClass)) {
            if (!sensor.has("options") || !sensor.get("options").isArray() || sensor.get("options").isEmpty()) {
                problems.add(id + ": an enum sensor needs options");
            }
            if (unit != null || sensor.has("state_class")) {
                problems.add(id + ": an enum sensor takes no unit_of_measurement or state_class");
            }
        } else if (sensor.has("options")) {
            problems.add(id + ": options are only for device_class enum");
        }
        if (deviceClass != null && SENSOR_UNITS.containsKey(deviceClass) && !SENSOR_UNITS.get(deviceClass).contains(unit)) {
            problems.add(id + ": unit '" + unit + "' is not valid for device_class " + deviceClass);
        }
    }

    private static void checkNumber(String id, JsonNode number, String deviceClass, List<String> problems) {
        if (number.has("mode") && !Set.of("auto", "box", "slider").contains(number.get("mode").asText())) {
            problems.add(id + ": mode must be auto, box or slider");
        }
        double min = number.has("min") ? number.get("min").asDouble() : 1;
        double max = number.has("max") ? number.get("max").asDouble() : 100;
        if (min > max) {
            problems.add(id + ": min above max");
        }
        if (number.has("step") && number.get("step").asDouble() < 0.001) {
            problems.add(id + ": step must be at least 0.001");
        }
        String unit = number.has("unit_of_measurement") ? number.get("unit_of_measurement").asText() : null;
        if (deviceClass != null && SENSOR_UNITS.containsKey(deviceClass) && !SENSOR_UNITS.get(deviceClass).contains(unit)) {
            problems.add(id + ": unit '" + unit + "' is not valid for device_class " + deviceClass);
        }
    }

    private static void checkAvailability(String where, JsonNode list, List<String> problems) {
        if (!list.isArray() || list.isEmpty()) {
            problems.add(where + ": availability must be a non-empty list");
            return;
        }
        for (JsonNode entry : list) {
            if (!entry.has("topic")) {
                problems.add(where + ": every availability entry needs a topic");
            }
            for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!AVAILABILITY_KEYS.contains(key)) {
                    problems.add(where + ": availability key '" + key + "' is not documented");
                }
            }
        }
    }

    private static void checkKeys(String where, JsonNode node, Map<String, String> abbreviations, Set<String> allowed,
                                  List<String> problems) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(abbreviations.getOrDefault(key, key))) {
                problems.add(where + ": key '" + key + "' is not documented");
            }
        }
    }

    private static JsonNode either(JsonNode node, String abbreviated, String full) {
        return node.has(abbreviated) ? node.get(abbreviated) : node.get(full);
    }
}
