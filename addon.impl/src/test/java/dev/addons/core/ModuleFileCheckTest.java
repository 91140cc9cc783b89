package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonLoadException;
import dev.addons.api.ModuleSpec;
import dev.addons.api.proc.ProcSelf;

/**
 * Damaged module files are refused before the dynamic loader sees them: a truncated library, a library for
 * another machine, and single-byte damage to the ELF and program headers either fail to load with the reason or
 * load and work; none may take the JVM down (these tests run in the build's test JVM: a crash fails the build).
 */
class ModuleFileCheckTest {

    private static final ContextOwner BUNDLE = ContextOwner.bundle("some.bundle", 7);

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    @TempDir
    Path dir;

    private int written;

    @AfterEach
    void closeAll() {
        runtime.closeAll();
    }

    @Test
    void truncatedLibraryIsRefusedNamingBundleModuleFileAndReason() throws IOException {
        byte[] whole = fixture("values");
        Path file = write("truncated", Arrays.copyOf(whole, 3000));
        AddonContext context = runtime.newContext("truncated", BUNDLE);
        AddonLoadException e = assertThrows(AddonLoadException.class,
                () -> context.load(ModuleSpec.of("damaged", file)));
        assertEquals("damaged", e.module());
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot load addon module 'damaged' of bundle " + BUNDLE.label() + " from " + file
                + ": "), message);
        assertTrue(message.contains("extends beyond the end of the file (3000 bytes)"), message);
        assertFalse(ProcSelf.isMapped(file), "nothing mapped");
        assertEquals(5, context.load(Fixtures.spec("values")).call("add", 2, 3), "the context still works");
    }

    @Test
    void aFileCutAnywhereIsRefused() throws IOException {
        byte[] whole = fixture("values");
        List<Integer> cuts = new ArrayList<>();
        for (int cut = 0; cut < 2 * ElfFile.EHDR_SIZE; cut++) {
            cuts.add(cut);
        }
        for (int cut = 2 * ElfFile.EHDR_SIZE; cut < whole.length; cut += 61) {
            cuts.add(cut);
        }
        cuts.add(whole.length - 1);
        AddonContext context = runtime.newContext("cuts");
        for (int cut : cuts) {
            Path file = write("cut" + cut, Arrays.copyOf(whole, cut));
            AddonLoadException e = assertThrows(AddonLoadException.class,
                    () -> context.load(ModuleSpec.of("cut", file)), "cut at " + cut);
            assertTrue(e.getMessage().contains("beyond the end of the file (" + cut + " bytes)")
                    || e.getMessage().contains("file too short for an ELF header: " + cut + " bytes"),
                    "cut at " + cut + ": " + e.getMessage());
            Files.delete(file);
        }
        assertEquals(5, context.load(Fixtures.spec("values")).call("add", 2, 3));
    }

    /**
     * Every byte of the ELF header and of the program header table, set to 0x00, 0xff and each single bit
     * flipped. A variant the check accepts is loaded for real and must work.
     */
    @Test
    void singleByteDamageToTheHeadersNeverCrashes() throws IOException {
        byte[] whole = fixture("values");
        ByteBuffer elf = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN);
        int end = (int) (elf.getLong(32) + elf.getShort(56) * (long) ElfFile.PHDR_SIZE);
        int refused = 0;
        int loaded = 0;
        for (int offset = 0; offset < end; offset++) {
            byte original = whole[offset];
            for (int variant = 0; variant < 10; variant++) {
                byte damaged = (byte) (variant == 8 ? 0 : variant == 9 ? 0xff : original ^ (1 << variant));
                if (damaged == original) {
                    continue;
                }
                byte[] copy = whole.clone();
                copy[offset] = damaged;
                Path file = write("o" + offset + "v" + (damaged & 0xff), copy);
                AddonContext context = runtime.newContext("damage at " + offset);
                try {
                    Addon addon = context.load(ModuleSpec.of("damaged", file));
                    assertEquals(5, addon.call("add", 2, 3), "byte " + offset + " = " + damaged);
                    loaded++;
                } catch (AddonLoadException e) {
                    assertTrue(e.getMessage().contains("cannot load addon module 'damaged' from " + file + ": "),
                            e.getMessage());
                    refused++;
                } finally {
                    context.close();
                }
                assertFalse(ProcSelf.isMapped(file), "byte " + offset + " = " + damaged + ": unmapped");
                Files.delete(file);
            }
        }
        System.out.println("single-byte damage to " + end + " header bytes: " + refused + " variants refused, "
                + loaded + " loaded and worked");
        assertTrue(refused > 0 && loaded > 0, refused + " refused, " + loaded + " loaded");
    }

    @Test
    void aLibraryForAnotherMachineIsNamedAsSuch() throws IOException {
        int here = ElfCheck.machineOfThisJvm();
        int other = here == 183 ? 62 : 183;
        byte[] bytes = fixture("values");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) other);
        assertRefused(bytes, "ELF for " + ElfCheck.machineName(other) + ", this JVM runs on "
                + ElfCheck.machineName(here));
    }

    @Test
    void eachHeaderProblemHasItsOwnReason() throws IOException {
        assertRefused(patched(b -> b.put(4, (byte) 1)), "32-bit ELF (ELFCLASS32), this JVM is 64-bit");
        assertRefused(patched(b -> b.put(5, (byte) 2)), "big-endian ELF, this JVM runs little-endian");
        assertRefused(patched(b -> b.putShort(16, (short) 2)), "an executable (ET_EXEC), not a shared library");
        assertRefused(patched(b -> b.putShort(16, (short) 1)), "a relocatable object file (ET_REL, a .o)");
        assertRefused(patched(b -> b.putInt(phdr(b, ElfCheck.PT_DYNAMIC), 0)), "no PT_DYNAMIC segment");
        assertRefused(patched(b -> b.putInt(phdr(b, ElfCheck.PT_GNU_STACK) + 4, 7)), "asks for an executable stack");
        assertRefused(patched(b -> b.putInt(phdr(b, ElfCheck.PT_GNU_STACK), 0)), "no PT_GNU_STACK segment");
        assertRefused(patched(b -> {
            int text = executableLoad(b);
            b.putInt(text + 4, (int) ElfCheck.PF_R);
        }), "needs execute permission");
        assertRefused(patched(b -> b.putLong(40, 0x7fff_0000L)), "the section header table (bytes 2147418112-");
        assertRefused(new byte[] {1, 2, 3}, "file too short for an ELF header: 3 bytes");
        assertRefused("#!/bin/sh\necho this is not a library, just long enough for an ELF header\n".getBytes(),
                "not an ELF file: it starts with 23 21 2f 62");
    }

    @Test
    void everyFixtureLibraryPassesTheCheck() throws Exception {
        for (String name : List.of("values", "lifecycle", "legacy", "noinit", "static_counter", "throwing_init",
                "failing_init", "future_version")) {
            ElfCheck.check(Fixtures.file(name)); // throws if refused
        }
    }

    private void assertRefused(byte[] bytes, String reason) throws IOException {
        Path file = write("refused", bytes);
        AddonContext context = runtime.newContext("refused");
        AddonLoadException e = assertThrows(AddonLoadException.class,
                () -> context.load(ModuleSpec.of("damaged", file)));
        assertTrue(e.getMessage().startsWith("cannot load addon module 'damaged' from " + file + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
        context.close();
    }

    private interface Patch {
        void apply(ByteBuffer elf);
    }

    private static byte[] patched(Patch patch) {
        byte[] bytes = fixture("values");
        patch.apply(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }

    /** The offset of the first program header of {@code type}. */
    private static int phdr(ByteBuffer elf, long type) {
        int phoff = (int) elf.getLong(32);
        for (int i = 0; i < elf.getShort(56); i++) {
            int at = phoff + i * ElfFile.PHDR_SIZE;
            if (Integer.toUnsignedLong(elf.getInt(at)) == type) {
                return at;
            }
        }
        throw new AssertionError("no program header of type " + type);
    }

    private static int executableLoad(ByteBuffer elf) {
        int phoff = (int) elf.getLong(32);
        for (int i = 0; i < elf.getShort(56); i++) {
            int at = phoff + i * ElfFile.PHDR_SIZE;
            if (elf.getInt(at) == ElfCheck.PT_LOAD && (elf.getInt(at + 4) & ElfCheck.PF_X) != 0) {
                return at;
            }
        }
        throw new AssertionError("no executable PT_LOAD");
    }

    private static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(Fixtures.file(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A new file per call: the dynamic loader must never be handed a path it has seen with other contents. */
    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve("lib" + name + "-" + (written++) + ".so");
        Files.write(file, bytes);
        return file;
    }
}
