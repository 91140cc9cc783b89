/**
 * The load/unload cycle of an addon bundle (install, start, call, stop, uninstall, refresh) with its leak checks:
 * what the {@code addon:cycle} console command and the demo application run. {@link CycleRunner} is the entry
 * point, {@link BundleSource} the bytes it installs, {@link CycleReport} what it saw.
 */
@Export
@Version("1.0.0")
package dev.addons.shell.cycle;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
