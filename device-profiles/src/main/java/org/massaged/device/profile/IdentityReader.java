package org.massaged.device.profile;

import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.device.profile.yaml.YamlMap;

/**
 * A profile's {@code identity} section: how the device is recognised (USB ids, board, protocol).
 */
final class IdentityReader {

    private IdentityReader() {}

    static Optional<Identity> identity(YamlMap map) {
        map.allow("usbVendorId", "usbProductId", "firmwareBoard", "protocolMajor");
        Optional<Integer> vendorId = map.integer("usbVendorId", false, 0, 0xFFFF);
        Optional<Integer> productId = map.integer("usbProductId", false, 0, 0xFFFF);
        Optional<String> board = map.text("firmwareBoard", true);
        Optional<Integer> protocol = map.integer("protocolMajor", true, 1, 255);
        if (map.has("usbVendorId") != map.has("usbProductId")) {
            map.self().problem("usbVendorId and usbProductId together, or neither");
            return Optional.empty();
        }
        if (board.isEmpty() || protocol.isEmpty()
                || (map.has("usbVendorId") && (vendorId.isEmpty() || productId.isEmpty()))) {
            return Optional.empty();
        }
        return Optional.of(new Identity(
                vendorId.map(OptionalInt::of).orElse(OptionalInt.empty()),
                productId.map(OptionalInt::of).orElse(OptionalInt.empty()),
                board.get(), protocol.get()));
    }
}
