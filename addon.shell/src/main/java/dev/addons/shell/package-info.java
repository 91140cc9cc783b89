/**
 * The load/unload cycle of an addon bundle (install, start, call, stop, uninstall, refresh) with its leak checks:
 * what the {@code addon:cycle} console command and the demo application run.
 */
@Export
@Version("1.0.0")
package dev.addons.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
