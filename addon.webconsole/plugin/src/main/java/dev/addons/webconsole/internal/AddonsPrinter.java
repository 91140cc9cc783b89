package dev.addons.webconsole.internal;

import java.io.PrintWriter;
import java.util.function.Supplier;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;

import dev.addons.api.AddonInspector;

/**
 * The inventory printer {@code addons}: the plugin's data as TEXT and JSON, in the Web Console's status pages
 * ({@code /system/console/status-addons}) and in its configuration status dump (zip, text, JSON).
 */
final class AddonsPrinter implements InventoryPrinter {

    static final String NAME = "addons";
    static final String TITLE = "Addon runtime";

    private final Supplier<AddonInspector> inspector;

    AddonsPrinter(Supplier<AddonInspector> inspector) {
        this.inspector = inspector;
    }

    @Override
    public void print(PrintWriter printWriter, Format format, boolean isZip) {
        AddonsReport report = AddonsReport.of(inspector.get());
        if (Format.JSON.equals(format)) {
            report.writeJson(printWriter);
        } else {
            report.writeText(printWriter);
        }
        printWriter.flush();
    }
}
