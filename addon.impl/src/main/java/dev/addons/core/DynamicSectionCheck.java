package dev.addons.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of the dynamic section, which the loader follows as addresses right after mapping the file: each
 * table it names (string and symbol tables, hash tables, relocations, init and fini arrays, version tables) must
 * lie in the file-backed part of a load segment, and each string offset (needed libraries, soname, search paths)
 * inside the string table. The tables' contents are not checked.
 */
final class DynamicSectionCheck {

    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_PLTRELSZ = 2;
    private static final long DT_STRTAB = 5;
    private static final long DT_RELA = 7;
    private static final long DT_RELASZ = 8;
    private static final long DT_STRSZ = 10;
    private static final long DT_INIT = 12;
    private static final long DT_FINI = 13;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_REL = 17;
    private static final long DT_RELSZ = 18;
    private static final long DT_JMPREL = 23;
    private static final long DT_INIT_ARRAY = 25;
    private static final long DT_FINI_ARRAY = 26;
    private static final long DT_INIT_ARRAYSZ = 27;
    private static final long DT_FINI_ARRAYSZ = 28;
    private static final long DT_RUNPATH = 29;
    private static final long DT_PREINIT_ARRAY = 32;
    private static final long DT_PREINIT_ARRAYSZ = 33;
    private static final long DT_RELRSZ = 35;
    private static final long DT_RELR = 36;

    /** Tags whose value is the address of a table, with the tag of its size (0: the size is not in the section). */
    private static final Map<Long, Long> TABLES = Map.ofEntries(Map.entry(3L /* DT_PLTGOT */, 0L),
            Map.entry(4L /* DT_HASH */, 0L), Map.entry(DT_STRTAB, DT_STRSZ), Map.entry(6L /* DT_SYMTAB */, 0L),
            Map.entry(DT_RELA, DT_RELASZ), Map.entry(DT_INIT, 0L), Map.entry(DT_FINI, 0L), Map.entry(DT_REL, DT_RELSZ),
            Map.entry(DT_JMPREL, DT_PLTRELSZ), Map.entry(DT_INIT_ARRAY, DT_INIT_ARRAYSZ),
            Map.entry(DT_FINI_ARRAY, DT_FINI_ARRAYSZ), Map.entry(DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ),
            Map.entry(DT_RELR, DT_RELRSZ), Map.entry(0x6ffffef5L /* DT_GNU_HASH */, 0L),
            Map.entry(0x6ffffff0L /* DT_VERSYM */, 0L), Map.entry(0x6ffffffcL /* DT_VERDEF */, 0L),
            Map.entry(0x6ffffffeL /* DT_VERNEED */, 0L));

    private static final Map<Long, String> NAMES = Map.ofEntries(Map.entry(3L, "DT_PLTGOT"), Map.entry(4L, "DT_HASH"),
            Map.entry(DT_STRTAB, "DT_STRTAB"), Map.entry(6L, "DT_SYMTAB"), Map.entry(DT_RELA, "DT_RELA"),
            Map.entry(DT_INIT, "DT_INIT"), Map.entry(DT_FINI, "DT_FINI"), Map.entry(DT_REL, "DT_REL"),
            Map.entry(DT_JMPREL, "DT_JMPREL"), Map.entry(DT_INIT_ARRAY, "DT_INIT_ARRAY"),
            Map.entry(DT_FINI_ARRAY, "DT_FINI_ARRAY"), Map.entry(DT_PREINIT_ARRAY, "DT_PREINIT_ARRAY"),
            Map.entry(DT_RELR, "DT_RELR"), Map.entry(0x6ffffef5L, "DT_GNU_HASH"), Map.entry(0x6ffffff0L, "DT_VERSYM"),
            Map.entry(0x6ffffffcL, "DT_VERDEF"), Map.entry(0x6ffffffeL, "DT_VERNEED"),
            Map.entry(DT_NEEDED, "DT_NEEDED"),
            Map.entry(DT_SONAME, "DT_SONAME"), Map.entry(DT_RPATH, "DT_RPATH"), Map.entry(DT_RUNPATH, "DT_RUNPATH"));

    private static final List<Long> STRING_OFFSETS = List.of(DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH);

    private static final int ENTRY = 16;
    private static final int CHUNK = 4096;

    private final ElfFile elf;
    private final List<ElfFile.Segment> loads;

    DynamicSectionCheck(ElfFile elf, List<ElfFile.Segment> loads) {
        this.elf = elf;
        this.loads = loads;
    }

    void check(ElfFile.Segment dynamic) throws IOException, ElfCheck.Invalid {
        Map<Long, Long> values = new HashMap<>();
        Map<Long, List<Long>> strings = new HashMap<>();
        boolean terminated = false;
        for (long at = 0; at < dynamic.filesz() && !terminated; at += CHUNK) {
            ByteBuffer chunk = elf.read(dynamic.offset() + at, (int) Math.min(CHUNK, dynamic.filesz() - at));
            for (int i = 0; i + ENTRY <= chunk.limit(); i += ENTRY) {
                long tag = chunk.getLong(i);
                long value = chunk.getLong(i + 8);
                if (tag == DT_NULL) {
                    terminated = true;
                    break;
                }
                if (STRING_OFFSETS.contains(tag)) {
                    strings.computeIfAbsent(tag, t -> new java.util.ArrayList<>()).add(value);
                } else {
                    values.put(tag, value);
                }
            }
        }
        if (!terminated) {
            throw new ElfCheck.Invalid("the dynamic section has no DT_NULL entry at its end: it is damaged");
        }
        for (Map.Entry<Long, Long> table : TABLES.entrySet()) {
            Long address = values.get(table.getKey());
            if (address != null) {
                long size = table.getValue() == 0 ? 1 : values.getOrDefault(table.getValue(), 1L);
                fileBacked(NAMES.get(table.getKey()), address, size);
            }
        }
        if (!strings.isEmpty()) {
            checkStrings(values, strings);
        }
    }

    private void checkStrings(Map<Long, Long> values, Map<Long, List<Long>> strings)
            throws IOException, ElfCheck.Invalid {
        Long table = values.get(DT_STRTAB);
        Long size = values.get(DT_STRSZ);
        if (table == null || size == null || size == 0) {
            throw new ElfCheck.Invalid("the dynamic section names libraries or paths but has no string table"
                    + " (DT_STRTAB, DT_STRSZ)");
        }
        for (Map.Entry<Long, List<Long>> tag : strings.entrySet()) {
            for (long offset : tag.getValue()) {
                if (offset < 0 || offset >= size) {
                    throw new ElfCheck.Invalid(NAMES.get(tag.getKey()) + " is at offset 0x" + Long.toHexString(offset)
                            + ", outside the string table (0x" + Long.toHexString(size) + " bytes)");
                }
            }
        }
        long lastByte = fileOffset(table + size - 1);
        if (elf.read(lastByte, 1).get(0) != 0) {
            throw new ElfCheck.Invalid("the dynamic string table does not end with a NUL byte: it is damaged");
        }
    }

    /** Refuses a table that is not wholly inside the file-backed part of one load segment. */
    private void fileBacked(String what, long address, long size) throws ElfCheck.Invalid {
        if (address < 0 || address >= ElfFile.LIMIT || size < 0 || size >= ElfFile.LIMIT) {
            throw new ElfCheck.Invalid(what + " (0x" + Long.toHexString(address) + ", 0x" + Long.toHexString(size)
                    + " bytes) is out of range");
        }
        for (ElfFile.Segment l : loads) {
            if (address >= l.vaddr() && address + size <= l.vaddr() + l.filesz()) {
                return;
            }
        }
        throw new ElfCheck.Invalid(what + " (memory 0x" + Long.toHexString(address) + "-0x"
                + Long.toHexString(address + size) + ") is not inside the file part of a PT_LOAD segment");
    }

    /** The file offset of an address that {@link #fileBacked} accepted. */
    private long fileOffset(long address) {
        for (ElfFile.Segment l : loads) {
            if (address >= l.vaddr() && address < l.vaddr() + l.filesz()) {
                return l.offset() + (address - l.vaddr());
            }
        }
        throw new IllegalStateException("0x" + Long.toHexString(address) + " was checked to be file-backed");
    }
}
