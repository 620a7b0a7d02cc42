package org.massaged.controller.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Phase;

/**
 * {@code GET /api/controls}: the table of controls as this device offers them to the local channels (names, labels,
 * descriptions, phases, ranges and options from the engine's limits), so the page holds no second copy of any.
 */
public final class ControlsJson {

    private ControlsJson() {}

    public static byte[] of(Limits limits, JsonCodec json) {
        ArrayNode controls = JsonCodec.array();
        for (Control control : Controls.ALL) {
            if (!control.offeredOn(Control.Channel.SOCKET, limits)) {
                continue;
            }
            Control.Bounds bounds = control.bounds().apply(limits);
            ObjectNode node = controls.addObject()
                    .put("name", control.name())
                    .put("kind", control.kind().name().toLowerCase(Locale.ROOT))
                    .put("label", control.label())
                    .put("description", control.description());
            ArrayNode phases = node.putArray("phases");
            control.phases().stream().sorted().map(Phase::wireName).forEach(phases::add);
            control.shownAs().ifPresent(field -> node.put("shown_as", field));
            if (control.kind() == Control.Kind.NUMBER) {
                node.put("min", bounds.min()).put("max", bounds.max());
                bounds.unit().ifPresent(unit -> node.put("unit", unit));
            }
            if (control.kind() == Control.Kind.SELECT) {
                bounds.options().forEach(node.putArray("options")::add);
            }
        }
        return json.bytes(JsonCodec.object().set("controls", controls));
    }
}
