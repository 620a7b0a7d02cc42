package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;
import org.massaged.controller.safety.Phase;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Vibration;

/** The generated Home Assistant discovery, checked field by field against HA's documented schema. */
class DiscoveryTest {

    private static final String ROOT = "massaged/chair1";
    private final Payloads payloads = new Payloads();

    private JsonNode discovery(DeviceProfile profile, boolean allowHighIntensity) {
        MqttSettings settings = MqttSettings.builder("chair1", List.of("tcp://localhost:1883"))
                .allowHighIntensity(allowHighIntensity).build();
        return new Discovery(Topics.of(settings), profile, Fixtures.engineLimits(profile, Fixtures.programs(),
                allowHighIntensity)).document();
    }

    @Test
    void theLumbarDuoFollowsTheDocumentedSchema() {
        JsonNode document = discovery(Fixtures.lumbarDuo(), false);
        assertThat(HomeAssistantSchema.violations(document)).isEmpty();
        assertThat(Topics.of(MqttSettings.builder("chair1", List.of("tcp://h:1883")).build()).discoveryConfig())
                .isEqualTo("homeassistant/device/massaged_chair1/config");
    }

    @Test
    void deviceRegistryOriginAndAvailabilityAreFilledIn() {
        JsonNode document = discovery(Fixtures.lumbarDuo(), false);
        JsonNode device = document.get("dev");
        assertThat(device.get("ids").get(0).asText()).isEqualTo("massaged_chair1");
        assertThat(device.get("name").asText()).isEqualTo("Lumbar Duo");
        assertThat(device.get("mf").asText()).isEqualTo("massaged");
        assertThat(device.get("mdl").asText()).isEqualTo("LD-2");
        assertThat(device.get("mdl_id").asText()).isEqualTo("lumbar-duo-serial");
        assertThat(device.get("hw").asText()).isEqualTo("B");
        assertThat(device.get("sn").asText()).isEqualTo("chair1");
        assertThat(document.get("o").get("name").asText()).isEqualTo("massaged");
        assertThat(document.get("o").get("url").asText()).startsWith("https://");
        assertThat(document.get("availability").get(0).get("topic").asText()).isEqualTo(ROOT + "/availability");
        JsonNode start = document.get("cmps").get("start");
        assertThat(start.get("availability_mode").asText()).isEqualTo("all");
        assertThat(start.get("availability").findValuesAsText("topic"))
                .containsExactly(ROOT + "/availability", ROOT + "/link");
        assertThat(document.get("cmps").get("stop").has("availability"))
                .as("stop stays available when the massager link is down").isFalse();
    }

    @Test
    void controlsComeFromTheCapabilityModel() {
        JsonNode components = discovery(Fixtures.lumbarDuo(), false).get("cmps");
        assertThat(platformOf(components, "start")).isEqualTo("button");
        assertThat(components.get("start").get("command_topic").asText()).isEqualTo(ROOT + "/set");
        assertThat(components.get("start").get("command_template").asText())
                .as("a start says when it was sent").contains("\"action\":\"start\"", "\"issued_at\":{{ now()");
        assertThat(components.get("stop").get("payload_press").asText()).isEqualTo("stop");
        assertThat(components.get("emergency_stop").get("payload_press").asText()).isEqualTo("emergency_stop");
        assertThat(platformOf(components, "program")).isEqualTo("select");
        assertThat(texts(components.get("program").get("options"))).containsExactly("gentle", "kneading");
        assertThat(platformOf(components, "level")).isEqualTo("number");
        assertThat(components.get("level").get("min").asInt()).isEqualTo(1);
        assertThat(components.get("level").get("max").asInt()).as("homeMax without allowHighIntensity").isEqualTo(6);
        assertThat(components.get("duration").get("min").asInt()).isEqualTo(5);
        assertThat(components.get("duration").get("max").asInt()).isEqualTo(15);
        assertThat(components.get("duration").get("unit_of_measurement").asText()).isEqualTo("min");
        assertThat(platformOf(components, "heat")).isEqualTo("switch");
        assertThat(components.get("remaining").get("device_class").asText()).isEqualTo("duration");
        assertThat(components.get("phase").get("device_class").asText()).isEqualTo("enum");
        assertThat(texts(components.get("phase").get("options")))
                .containsExactlyElementsOf(java.util.Arrays.stream(Phase.values()).map(Phase::wireName).toList());
        assertThat(components.get("temperature_pad").get("device_class").asText()).isEqualTo("temperature");
        assertThat(components.get("fault").get("device_class").asText()).isEqualTo("problem");
        assertThat(components.get("fault").get("json_attributes_template").asText()).contains("fault_code", "fault_message");
        assertThat(components.get("occupancy").get("device_class").asText()).isEqualTo("occupancy");
        assertThat(platformOf(components, "sessions_today")).isEqualTo("sensor");
        assertThat(components.get("link").get("device_class").asText()).isEqualTo("connectivity");
        assertThat(components.get("link").get("entity_category").asText()).isEqualTo("diagnostic");
        assertThat(components.get("link").get("state_topic").asText()).isEqualTo(ROOT + "/link");
    }

    @Test
    void todaysCountersAreMeasurementsBecauseTheirRollingWindowLetsThemGoDown() {
        // sessions_today and minutes_today count the rolling 24 hours: they fall when an old session leaves the
        // window. Home Assistant reads a fall of a total_increasing sensor as a meter reset and adds the new
        // value on top, so its statistics would grow without bound; a measurement is what the value is.
        JsonNode components = discovery(Fixtures.lumbarDuo(), false).get("cmps");
        for (String counter : List.of("sessions_today", "minutes_today")) {
            assertThat(components.get(counter).get("state_class").asText()).as(counter).isEqualTo("measurement");
        }
    }

    @Test
    void highIntensityRaisesTheLevelMaximumOnlyWhenTheLocalConfigAllowsIt() {
        assertThat(discovery(Fixtures.lumbarDuo(), true).get("cmps").get("level").get("max").asInt()).isEqualTo(9);
    }

    @Test
    void aDeviceWithoutHeaterOrSensorsGetsNoHeatSwitchTemperatureOrOccupancy() {
        JsonNode document = discovery(Fixtures.bodyMassager(), false);
        assertThat(HomeAssistantSchema.violations(document)).isEmpty();
        JsonNode components = document.get("cmps");
        assertThat(components.has("heat")).isFalse();
        assertThat(components.has("occupancy")).isFalse();
        List<String> ids = new ArrayList<>();
        components.fieldNames().forEachRemaining(ids::add);
        assertThat(ids).noneMatch(id -> id.startsWith("temperature_"));
    }

    @Test
    void aProfileWithVibrationFiguresGetsADoseSensorAndEveryDeviceALastSessionSensor() {
        DeviceProfile plain = Fixtures.lumbarDuo();
        DeviceProfile shaking = plain.withVibration(Optional.of(new Vibration(Vibration.Weighting.ISO_2631_1_WC,
                java.util.Collections.nCopies(plain.zones().get(0).actuator().levels(), 0.4))));
        JsonNode document = discovery(shaking, false);
        assertThat(HomeAssistantSchema.violations(document)).isEmpty();
        JsonNode dose = document.get("cmps").get("dose");
        assertThat(platformOf(document.get("cmps"), "dose")).isEqualTo("sensor");
        assertThat(dose.get("unit_of_measurement").asText()).isEqualTo("m/s²");
        assertThat(dose.get("state_class").asText()).isEqualTo("measurement");
        assertThat(dose.get("state_topic").asText()).isEqualTo(ROOT + "/state");
        assertThat(dose.get("value_template").asText()).isEqualTo("{{ value_json.dose_a8 }}");
        assertThat(dose.get("json_attributes_template").asText()).contains("dose_limit", "ISO 2631-1 Wc");

        JsonNode last = document.get("cmps").get("last_session");
        assertThat(last.get("device_class").asText()).isEqualTo("timestamp");
        assertThat(last.get("value_template").asText()).contains("value_json.last_session.ended_at");
        assertThat(last.get("json_attributes_template").asText()).contains("value_json.last_session");

        JsonNode without = discovery(plain, false).get("cmps");
        assertThat(without.has("dose")).as("no figures, no dose").isFalse();
        assertThat(without.has("last_session")).isTrue();
    }

    @Test
    void aProfileThatNarrowsTheDurationNarrowsTheNumber() {
        DeviceProfile profile = Fixtures.lumbarDuo();
        DeviceProfile narrowed = new DeviceProfile(profile.version(), profile.id(), profile.name(), profile.vendor(),
                profile.model(), profile.revision(), profile.identity(), profile.transport(), profile.zones(),
                profile.heater(), profile.sensors(), new SessionLimits(Duration.ofMinutes(8), Duration.ofMinutes(6),
                Duration.ofMinutes(12), Duration.ofMinutes(30), Duration.ofMinutes(45), Duration.ofMinutes(2)));
        JsonNode duration = discovery(narrowed, false).get("cmps").get("duration");
        assertThat(duration.get("min").asInt()).isEqualTo(6);
        assertThat(duration.get("max").asInt()).isEqualTo(12);
    }

    @Test
    void uniqueIdsAreUniqueAndCommandTopicsAreOnesTheBridgeAccepts() {
        JsonNode components = discovery(Fixtures.lumbarDuo(), false).get("cmps");
        Set<String> uniqueIds = new HashSet<>();
        components.fields().forEachRemaining(entry -> {
            assertThat(uniqueIds.add(entry.getValue().get("unique_id").asText())).isTrue();
            if (entry.getValue().has("command_topic")) {
                String topic = entry.getValue().get("command_topic").asText();
                if (!topic.equals(ROOT + "/set")) {
                    assertThat(topic).startsWith(ROOT + "/set/");
                    assertThat(CommandParser.SETTABLE_FIELDS).contains(topic.substring((ROOT + "/set/").length()));
                }
            }
        });
    }

    /** Every value_json.x a template reads exists in the state (or link) document the bridge publishes. */
    @Test
    void templatesReadFieldsTheStateDocumentHas() {
        JsonNode components = discovery(Fixtures.lumbarDuo(), false).get("cmps");
        ObjectNode state = new StateJson().tree(StateDocument.of(Fixtures.running("gentle", 3, 300)));
        Set<String> linkFields = Set.of("state", "detail", "since");
        Pattern field = Pattern.compile("value_json\\.([a-z_]+)");
        components.fields().forEachRemaining(entry -> {
            for (String key : List.of("value_template", "json_attributes_template")) {
                if (!entry.getValue().has(key)) {
                    continue;
                }
                String topic = entry.getValue().has("state_topic") ? entry.getValue().get("state_topic").asText() : "";
                Matcher matcher = field.matcher(entry.getValue().get(key).asText());
                while (matcher.find()) {
                    String name = matcher.group(1);
                    if (topic.endsWith("/link")) {
                        assertThat(linkFields).as(entry.getKey()).contains(name);
                    } else {
                        assertThat(state.has(name)).as(entry.getKey() + " reads " + name).isTrue();
                    }
                }
            }
        });
        assertThat(state.get("temperatures").has("pad")).isTrue();
    }

    @Test
    void everyShippedProfileGetsADiscoveryDocumentHomeAssistantAccepts() {
        var profiles = org.massaged.device.profile.ProfileCatalogue.builtIn();
        var programs = org.massaged.device.program.ProgramCatalogue.builtIn(profiles).all();
        assertThat(profiles.ids()).contains("body-massager-serial", "lumbar-duo-serial", "body-massager-gpio");
        for (DeviceProfile profile : profiles.all()) {
            MqttSettings settings = MqttSettings.builder("chair1", List.of("tcp://localhost:1883")).build();
            JsonNode document = new Discovery(Topics.of(settings), profile,
                    Fixtures.engineLimits(profile, programs, false)).document();
            assertThat(HomeAssistantSchema.violations(document)).as(profile.id()).isEmpty();
            assertThat(document.get("cmps").has("heat")).as(profile.id()).isEqualTo(profile.heater().isPresent());
            int homeMax = profile.drivableZones().stream().mapToInt(zone -> zone.actuator().homeMax()).min().orElseThrow();
            assertThat(document.get("cmps").get("level").get("max").asInt()).as(profile.id()).isEqualTo(homeMax);
        }
    }

    @Test
    void theSchemaCheckCatchesWhatHomeAssistantWouldRefuse() {
        ObjectNode document = (ObjectNode) discovery(Fixtures.lumbarDuo(), false).deepCopy();
        ((ObjectNode) document.get("cmps").get("phase")).put("unit_of_measurement", "s");
        ((ObjectNode) document.get("cmps").get("start")).put("state_topic", "x");
        ((ObjectNode) document.get("cmps").get("level")).remove("command_topic");
        ((ObjectNode) document.get("cmps").get("remaining")).put("unit_of_measurement", "minutes");
        document.remove("o");
        assertThat(HomeAssistantSchema.violations(document)).hasSize(5)
                .anyMatch(problem -> problem.contains("origin"))
                .anyMatch(problem -> problem.contains("enum sensor takes no unit"))
                .anyMatch(problem -> problem.contains("'state_topic' is not a documented option"))
                .anyMatch(problem -> problem.contains("'command_topic' is required"))
                .anyMatch(problem -> problem.contains("'minutes' is not valid for device_class duration"));
    }

    private static String platformOf(JsonNode components, String id) {
        return components.get(id).get("p").asText();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
