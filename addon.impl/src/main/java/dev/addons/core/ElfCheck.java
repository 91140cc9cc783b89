package dev.addons.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Checks a module file before {@code dlopen} maps it. The dynamic loader trusts the file: it maps what the
 * program headers say and touches it, so a truncated library (a load segment past the end of the file) faults
 * with SIGBUS inside {@code dlopen} and takes the JVM with it, and a wrong architecture is reported as "No such
 * file or directory" at best. This check reads the headers without mapping anything and refuses, with the exact
 * reason, every file that is not a complete ELF shared library for this JVM.
 *
 * <p>Beyond the structure (magic, class, byte order, machine, type, tables and segments inside the file), it
 * cross-checks the program headers against the section headers, which the loader never reads: a damaged program
 * header (a segment moved, shrunk, or with the wrong permissions) no longer matches the sections it must hold.
 * It also checks the addresses in the dynamic section. The rules are listed in {@code docs/module-files.md}.
 * A library that passes can still crash in its own code; the check is against damage, not against malice.
 */
final class ElfCheck {

    /** Why a file is not loadable; the message is the reason alone (the caller names module and file). */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason);
        }
    }

    static final long PT_LOAD = 1;
    static final long PT_DYNAMIC = 2;
    static final long PT_INTERP = 3;
    static final long PT_NOTE = 4;
    static final long PT_PHDR = 6;
    static final long PT_TLS = 7;
    static final long PT_GNU_EH_FRAME = 0x6474e550L;
    static final long PT_GNU_STACK = 0x6474e551L;
    static final long PT_GNU_RELRO = 0x6474e552L;
    static final long PT_GNU_PROPERTY = 0x6474e553L;

    static final long PF_X = 1;
    static final long PF_W = 2;
    static final long PF_R = 4;

    static final long SHT_NULL = 0;
    static final long SHT_STRTAB = 3;
    static final long SHT_DYNAMIC = 6;
    static final long SHT_NOBITS = 8;
    static final long SHF_WRITE = 1;
    static final long SHF_ALLOC = 2;
    static final long SHF_EXECINSTR = 4;
    static final long SHF_TLS = 0x400;

    /** More sections than any real library has (and a bound on the table read at once). */
    static final long MAX_SECTIONS = 1 << 20;

    /** The smallest page size of the supported platforms: segments never share a page of this size. */
    static final long PAGE = 4096;

    /** e_machine values and the names this runtime uses for them (Platform.arch() spelling as the key). */
    private static final Map<String, Integer> MACHINE_OF_ARCH = Map.of("x86_64", 62, "aarch64", 183, "x86", 3,
            "arm", 40, "ppc64", 21, "ppc64le", 21, "s390x", 22, "riscv64", 243, "loongarch64", 258);
    private static final Map<Integer, String> MACHINE_NAMES = Map.of(62, "x86-64", 183, "aarch64", 3, "x86", 40, "arm",
            21, "ppc64", 22, "s390x", 243, "riscv", 258, "loongarch", 8, "mips", 43, "sparcv9");

    private final ElfFile elf;
    private final int expectedMachine;

    private ElfCheck(ElfFile elf, int expectedMachine) {
        this.elf = elf;
        this.expectedMachine = expectedMachine;
    }

    /** Whether module files are ELF here (Linux and the other ELF systems; not macOS or Windows). */
    static boolean appliesHere() {
        String os = Platform.os(System.getProperty("os.name", ""));
        return !os.equals("osx") && !os.equals("windows");
    }

    /** The e_machine of this JVM's architecture, or -1 if this table does not know it. */
    static int machineOfThisJvm() {
        return MACHINE_OF_ARCH.getOrDefault(Platform.arch(System.getProperty("os.arch", "")), -1);
    }

    static String machineName(int machine) {
        return MACHINE_NAMES.getOrDefault(machine, "machine " + machine);
    }

    /** Refuses {@code file} with the reason unless it is a complete ELF shared library for this JVM. */
    static void check(Path file) throws Invalid {
        check(file, machineOfThisJvm());
    }

    static void check(Path file, int expectedMachine) throws Invalid {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            check(channel, expectedMachine);
        } catch (NoSuchFileException e) {
            throw new Invalid("No such file or directory");
        } catch (AccessDeniedException e) {
            throw new Invalid("Permission denied");
        } catch (IOException e) {
            throw new Invalid("cannot read the file: " + e);
        }
    }

    /** The same for an open file (read with positional reads only). */
    static void check(FileChannel channel, int expectedMachine) throws IOException, Invalid {
        ElfFile probe = new ElfFile(channel, channel.size(), ByteOrder.LITTLE_ENDIAN);
        ByteOrder order = identify(probe);
        new ElfCheck(probe.inOrder(order), expectedMachine).checkAll();
    }

    /** e_ident: magic, class, byte order, version, OS ABI. Answers the file's byte order. */
    private static ByteOrder identify(ElfFile elf) throws IOException, Invalid {
        if (elf.size() < ElfFile.EHDR_SIZE) {
            throw new Invalid("file too short for an ELF header: " + elf.size() + " bytes, an ELF64 header has "
                    + ElfFile.EHDR_SIZE);
        }
        ByteBuffer ident = elf.read(0, 16);
        if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L' || ident.get(3) != 'F') {
            throw new Invalid(String.format("not an ELF file: it starts with %02x %02x %02x %02x, not 7f 45 4c 46"
                    + " (\\x7fELF)", ident.get(0), ident.get(1), ident.get(2), ident.get(3)));
        }
        switch (ident.get(4)) {
            case 2:
                break;
            case 1:
                throw new Invalid("32-bit ELF (ELFCLASS32), this JVM is 64-bit");
            default:
                throw new Invalid("invalid ELF class " + ident.get(4) + " (1 = 32-bit, 2 = 64-bit)");
        }
        ByteOrder order;
        switch (ident.get(5)) {
            case 1:
                order = ByteOrder.LITTLE_ENDIAN;
                break;
            case 2:
                order = ByteOrder.BIG_ENDIAN;
                break;
            default:
                throw new Invalid("invalid ELF byte order " + ident.get(5) + " (1 = little-endian, 2 = big-endian)");
        }
        if (order != ByteOrder.nativeOrder()) {
            throw new Invalid(endianness(order) + " ELF, this JVM runs " + endianness(ByteOrder.nativeOrder()));
        }
        if (ident.get(6) != 1) {
            throw new Invalid("unknown ELF version " + ident.get(6) + " in e_ident, expected 1");
        }
        if (ident.get(7) != 0 && ident.get(7) != 3) {
            throw new Invalid("ELF OS ABI " + ident.get(7) + ", expected 0 (System V) or 3 (GNU/Linux)");
        }
        return order;
    }

    private static String endianness(ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }

    private void checkAll() throws IOException, Invalid {
        ElfFile.Header header = elf.header();
        checkHeader(header);
        List<ElfFile.Segment> segments = elf.segments(header);
        List<ElfFile.Segment> loads = checkLoadSegments(segments);
        ElfFile.Segment dynamic = checkOtherSegments(header, segments, loads);
        List<ElfFile.Section> sections = sections(header);
        if (!sections.isEmpty()) {
            new SectionCrossCheck(sections, loads).check(segments, dynamic);
        }
        new DynamicSectionCheck(elf, loads).check(dynamic);
    }

    private void checkHeader(ElfFile.Header h) throws Invalid {
        switch (h.type()) {
            case 3:
                break;
            case 1:
                throw new Invalid("a relocatable object file (ET_REL, a .o), not a shared library: "
                        + "link it with -shared");
            case 2:
                throw new Invalid("an executable (ET_EXEC), not a shared library: link it with -shared");
            case 4:
                throw new Invalid("a core dump (ET_CORE), not a shared library");
            default:
                throw new Invalid("ELF type " + h.type() + ", expected 3 (ET_DYN, a shared library)");
        }
        if (expectedMachine >= 0 && h.machine() != expectedMachine) {
            throw new Invalid("ELF for " + machineName(h.machine()) + ", this JVM runs on "
                    + machineName(expectedMachine));
        }
        if (h.version() != 1) {
            throw new Invalid("ELF version " + h.version() + " in e_version, expected 1");
        }
        if (h.ehsize() != ElfFile.EHDR_SIZE) {
            throw new Invalid("e_ehsize is " + h.ehsize() + ", an ELF64 header has " + ElfFile.EHDR_SIZE + " bytes");
        }
        if (h.phentsize() != ElfFile.PHDR_SIZE) {
            throw new Invalid("e_phentsize is " + h.phentsize() + ", an ELF64 program header has " + ElfFile.PHDR_SIZE
                    + " bytes");
        }
        if (h.phnum() == 0 || h.phnum() == 0xffff) {
            throw new Invalid(h.phnum() == 0 ? "no program headers (e_phnum is 0)"
                    : "e_phnum is 0xffff (extended numbering), not supported for shared libraries");
        }
        insideFile("the program header table", h.phoff(), (long) h.phnum() * ElfFile.PHDR_SIZE);
        if (h.phoff() % 8 != 0) {
            throw new Invalid("the program header table is at byte " + h.phoff() + ", not 8-byte aligned");
        }
    }

    /** PT_LOAD: at least one; each inside the file, aligned as the loader needs, in order and without overlap. */
    private List<ElfFile.Segment> checkLoadSegments(List<ElfFile.Segment> segments) throws Invalid {
        List<ElfFile.Segment> loads = segments.stream().filter(s -> s.type() == PT_LOAD).toList();
        if (loads.isEmpty()) {
            throw new Invalid("no PT_LOAD segment");
        }
        ElfFile.Segment previous = null;
        for (ElfFile.Segment s : loads) {
            if (s.filesz() > s.memsz()) {
                throw new Invalid(describe(s) + " has p_filesz 0x" + hex(s.filesz()) + " > p_memsz 0x"
                        + hex(s.memsz()));
            }
            insideFile(s, s.offset(), s.filesz());
            if (Long.bitCount(s.align()) != 1 || s.align() < PAGE) {
                throw new Invalid(describe(s) + " has p_align 0x" + hex(s.align())
                        + ", not a power of two of at least " + PAGE);
            }
            if ((s.vaddr() - s.offset()) % s.align() != 0) {
                throw new Invalid(describe(s) + ": p_vaddr 0x" + hex(s.vaddr()) + " and p_offset 0x"
                        + hex(s.offset()) + " differ by other than a multiple of p_align 0x" + hex(s.align()));
            }
            if (previous != null && alignUp(previous.memEnd(), PAGE) > alignDown(s.vaddr(), PAGE)) {
                throw new Invalid(describe(s) + " (memory 0x" + hex(s.vaddr()) + "-0x" + hex(s.memEnd())
                        + ") is not above the pages of " + describe(previous) + " (ending at 0x"
                        + hex(previous.memEnd()) + "): load segments must be in address order without overlap");
            }
            previous = s;
        }
        return loads;
    }

    /**
     * The segments the loader reads besides PT_LOAD: exactly one PT_DYNAMIC, and every one of them inside a load
     * segment (the loader reads them from memory); a PT_GNU_STACK without execute permission. Answers PT_DYNAMIC.
     */
    private ElfFile.Segment checkOtherSegments(ElfFile.Header h, List<ElfFile.Segment> segments,
            List<ElfFile.Segment> loads) throws Invalid {
        ElfFile.Segment dynamic = null;
        ElfFile.Segment stack = null;
        for (ElfFile.Segment s : segments) {
            if (s.type() == PT_DYNAMIC) {
                if (dynamic != null) {
                    throw new Invalid("two PT_DYNAMIC segments (" + describe(dynamic) + " and " + describe(s) + ")");
                }
                dynamic = s;
            } else if (s.type() == PT_GNU_STACK) {
                stack = s;
            }
            if (s.type() == PT_DYNAMIC || s.type() == PT_NOTE || s.type() == PT_GNU_EH_FRAME
                    || s.type() == PT_GNU_PROPERTY || s.type() == PT_PHDR || s.type() == PT_INTERP) {
                if (s.filesz() != s.memsz()) {
                    throw new Invalid(describe(s) + " has p_filesz 0x" + hex(s.filesz()) + " != p_memsz 0x"
                            + hex(s.memsz()));
                }
                mappedBy(loads, s, s.vaddr(), s.memsz(), s.offset());
            } else if (s.type() == PT_GNU_RELRO) {
                checkRelroPlacement(loads, s);
            } else if (s.type() == PT_TLS && s.memsz() > 0) {
                if (s.filesz() > s.memsz()) {
                    throw new Invalid(describe(s) + " has p_filesz > p_memsz");
                }
                if (Long.bitCount(s.align()) > 1 || s.align() > PAGE) {
                    throw new Invalid(describe(s) + " has p_align 0x" + hex(s.align())
                            + ", not a power of two up to " + PAGE);
                }
                mappedBy(loads, s, s.vaddr(), s.filesz(), s.offset()); // .tbss needs no memory of its own
            }
        }
        if (dynamic == null) {
            throw new Invalid("no PT_DYNAMIC segment: not a dynamically linked shared library");
        }
        if (dynamic.memsz() == 0 || dynamic.memsz() % 16 != 0) {
            throw new Invalid(describe(dynamic) + " has size 0x" + hex(dynamic.memsz())
                    + ", not a positive multiple of 16 (an Elf64_Dyn)");
        }
        long tableSize = (long) h.phnum() * ElfFile.PHDR_SIZE;
        for (ElfFile.Segment s : segments) {
            if (s.type() == PT_PHDR && (s.offset() != h.phoff() || s.filesz() != tableSize)) {
                throw new Invalid(describe(s) + " does not describe the program header table (bytes " + h.phoff()
                        + "-" + (h.phoff() + tableSize) + ")");
            }
        }
        if (stack == null) {
            throw new Invalid("no PT_GNU_STACK segment: the dynamic loader would make every thread's stack executable,"
                    + " which removes the JVM's stack guard pages (link with -z noexecstack)");
        }
        if ((stack.flags() & PF_X) != 0) {
            throw new Invalid("the PT_GNU_STACK segment asks for an executable stack: the dynamic loader would make "
                    + "every thread's stack executable, which removes the JVM's stack guard pages (link with "
                    + "-z noexecstack)");
        }
        return dynamic;
    }

    /** The section headers, or none if the file has no table; the table and the sections' data inside the file. */
    private List<ElfFile.Section> sections(ElfFile.Header h) throws IOException, Invalid {
        if (h.shoff() == 0) {
            if (h.shnum() != 0) {
                throw new Invalid("e_shnum is " + h.shnum() + " but e_shoff is 0");
            }
            return List.of();
        }
        if (h.shentsize() != ElfFile.SHDR_SIZE) {
            throw new Invalid("e_shentsize is " + h.shentsize() + ", an ELF64 section header has " + ElfFile.SHDR_SIZE
                    + " bytes");
        }
        insideFile("the section header table", h.shoff(), ElfFile.SHDR_SIZE);
        ElfFile.Section first = elf.section(h.shoff(), 0);
        if (first.type() != SHT_NULL) {
            throw new Invalid("section header 0 has type " + first.type() + ", expected SHT_NULL");
        }
        long count = h.shnum() != 0 ? h.shnum() : first.size(); // extended numbering keeps the count in section 0
        long namesIndex = h.shstrndx() != 0xffff ? h.shstrndx() : first.link();
        if (count == 0 || count > MAX_SECTIONS) {
            throw new Invalid("the section header table has " + count + " entries, expected 1 to " + MAX_SECTIONS);
        }
        insideFile("the section header table", h.shoff(), count * ElfFile.SHDR_SIZE);
        ElfFile.Section names = null;
        if (namesIndex != 0) {
            if (namesIndex >= count) {
                throw new Invalid("e_shstrndx " + namesIndex + " is not a section (there are " + count + ")");
            }
            names = elf.section(h.shoff(), (int) namesIndex);
            if (names.type() != SHT_STRTAB) {
                throw new Invalid("e_shstrndx " + namesIndex + " is not a string table");
            }
            insideFile("the section name table", names.offset(), names.size());
        }
        List<ElfFile.Section> sections = elf.sections(h.shoff(), (int) count, names);
        for (ElfFile.Section s : sections) {
            if (s.type() != SHT_NOBITS && s.type() != SHT_NULL) {
                insideFile(s.describe(), s.offset(), s.size());
            }
        }
        return sections;
    }

    /** The same for bytes of segment {@code s}, named only if they are outside. */
    private void insideFile(ElfFile.Segment s, long offset, long length) throws Invalid {
        if (offset + length > elf.size()) {
            insideFile(describe(s), offset, length);
        }
    }

    /** Refuses a range of file bytes that does not lie inside the file. */
    private void insideFile(String what, long offset, long length) throws Invalid {
        if (offset + length > elf.size()) {
            throw new Invalid(what + " (bytes " + offset + "-" + (offset + length) + ") extends beyond the end of the "
                    + "file (" + elf.size() + " bytes): the file is truncated or damaged");
        }
    }

    /** Refuses a segment whose memory is not inside one load segment that maps it from the same file bytes. */
    private static void mappedBy(List<ElfFile.Segment> loads, ElfFile.Segment s, long vaddr, long length, long offset)
            throws Invalid {
        ElfFile.Segment load = containing(loads, vaddr, length);
        if (load == null) {
            throw new Invalid(describe(s) + " (memory 0x" + hex(vaddr) + "-0x" + hex(vaddr + length)
                    + ") is not inside a PT_LOAD segment");
        }
        if (offset - load.offset() != vaddr - load.vaddr() || offset + length > load.fileEnd()) {
            throw new Invalid(describe(s) + " (file bytes 0x" + hex(offset) + "-0x" + hex(offset + length)
                    + ") is not where " + describe(load) + " maps it from");
        }
    }

    /**
     * PT_GNU_RELRO lies in the pages of a writable load segment, which it protects after relocation. lld rounds its p_memsz up to a page, past
     * p_filesz and past the load segment's end: what counts is that it lies within the load's pages.
     */
    private static void checkRelroPlacement(List<ElfFile.Segment> loads, ElfFile.Segment relro) throws Invalid {
        ElfFile.Segment load = containing(loads, relro.vaddr(), Math.min(relro.filesz(), relro.memsz()));
        if (load == null || (load.flags() & PF_W) == 0 || relro.memEnd() > alignUp(load.memEnd(), PAGE)) {
            throw new Invalid(describe(relro) + " (memory 0x" + hex(relro.vaddr()) + "-0x" + hex(relro.memEnd())
                    + ") is not within the pages of a writable PT_LOAD segment");
        }
    }

    /** The load segment whose memory holds {@code [vaddr, vaddr + length)}, or null. */
    static ElfFile.Segment containing(List<ElfFile.Segment> loads, long vaddr, long length) {
        for (ElfFile.Segment l : loads) {
            if (vaddr >= l.vaddr() && vaddr + length <= l.memEnd()) {
                return l;
            }
        }
        return null;
    }

    static String describe(ElfFile.Segment s) {
        return "program header " + s.index() + " (" + typeName(s.type()) + ")";
    }

    static String typeName(long type) {
        return Map.of(PT_LOAD, "PT_LOAD", PT_DYNAMIC, "PT_DYNAMIC", PT_INTERP, "PT_INTERP", PT_NOTE, "PT_NOTE",
                PT_PHDR, "PT_PHDR", PT_TLS, "PT_TLS", PT_GNU_EH_FRAME, "PT_GNU_EH_FRAME", PT_GNU_STACK, "PT_GNU_STACK",
                PT_GNU_RELRO, "PT_GNU_RELRO", PT_GNU_PROPERTY, "PT_GNU_PROPERTY")
                .getOrDefault(type, "type 0x" + hex(type));
    }

    static String hex(long v) {
        return Long.toHexString(v);
    }

    static long alignUp(long v, long alignment) {
        return (v + alignment - 1) / alignment * alignment;
    }

    static long alignDown(long v, long alignment) {
        return v / alignment * alignment;
    }

    /**
     * The program headers against the section headers. The loader reads only the former; a linker writes both
     * from one layout, so a segment that moved, shrank or lost a permission no longer holds its sections as they
     * say.
     */
    private static final class SectionCrossCheck {
        private final List<ElfFile.Section> sections;
        private final List<ElfFile.Segment> loads;

        SectionCrossCheck(List<ElfFile.Section> sections, List<ElfFile.Segment> loads) {
            this.sections = sections;
            this.loads = loads;
        }

        void check(List<ElfFile.Segment> segments, ElfFile.Segment dynamic) throws Invalid {
            for (ElfFile.Section s : sections) {
                if ((s.flags() & SHF_ALLOC) != 0 && s.size() > 0
                        && !((s.flags() & SHF_TLS) != 0 && s.type() == SHT_NOBITS)) {
                    checkLoaded(s);
                }
            }
            for (ElfFile.Segment load : loads) {
                checkEnd(load);
            }
            checkDynamic(dynamic);
            for (ElfFile.Segment s : segments) {
                if (s.type() == PT_NOTE || s.type() == PT_GNU_EH_FRAME || s.type() == PT_GNU_PROPERTY
                        || s.type() == PT_INTERP) {
                    checkOnSectionBoundaries(s);
                } else if (s.type() == PT_TLS && s.memsz() > 0) {
                    checkTls(s);
                } else if (s.type() == PT_GNU_RELRO) {
                    checkRelro(s);
                }
            }
            if (segments.stream().noneMatch(s -> s.type() == PT_TLS && s.memsz() > 0)
                    && sections.stream().anyMatch(s -> (s.flags() & SHF_TLS) != 0 && s.size() > 0)) {
                throw new Invalid("thread-local sections but no PT_TLS segment");
            }
        }

        /** An allocated section lies in one load segment, at its file bytes, with the permissions it needs. */
        private void checkLoaded(ElfFile.Section s) throws Invalid {
            ElfFile.Segment load = containing(loads, s.addr(), s.size());
            if (load == null) {
                throw new Invalid(s.describe() + " (memory 0x" + hex(s.addr()) + "-0x" + hex(s.end())
                        + ") is not inside any PT_LOAD segment: the program headers are damaged");
            }
            if (s.type() == SHT_NOBITS) {
                if (s.addr() < load.vaddr() + load.filesz()) {
                    throw new Invalid(s.describe() + " (zero-filled, at 0x" + hex(s.addr()) + ") is inside the file "
                            + "part of " + describe(load) + " (p_filesz 0x" + hex(load.filesz())
                            + "): the program headers are damaged");
                }
            } else if (s.addr() - load.vaddr() != s.offset() - load.offset()
                    || s.offset() + s.size() > load.fileEnd()) {
                throw new Invalid(s.describe() + " (file bytes 0x" + hex(s.offset()) + "-0x"
                        + hex(s.offset() + s.size()) + ") is not where " + describe(load)
                        + " maps it from: the program headers are damaged");
            }
            String missing = "";
            if ((s.flags() & SHF_EXECINSTR) != 0 && (load.flags() & PF_X) == 0) {
                missing = "execute";
            } else if ((s.flags() & SHF_WRITE) != 0 && (load.flags() & PF_W) == 0) {
                missing = "write";
            } else if ((s.flags() & SHF_EXECINSTR) == 0 && (load.flags() & PF_R) == 0) {
                missing = "read";
            }
            if (!missing.isEmpty()) {
                throw new Invalid(s.describe() + " needs " + missing + " permission, which " + describe(load)
                        + " does not give: the program headers are damaged");
            }
        }

        /**
         * The zero-filled memory of a load segment (past p_filesz) is there for its zero-filled sections (.bss):
         * it ends with the last of them, or within the page of the file part. A larger p_memsz would have the
         * loader reserve memory that nothing uses.
         */
        private void checkEnd(ElfFile.Segment load) throws Invalid {
            if (load.memsz() == load.filesz()) {
                return;
            }
            long zeroEnd = sections.stream()
                    .filter(x -> (x.flags() & SHF_ALLOC) != 0 && x.type() == SHT_NOBITS && (x.flags() & SHF_TLS) == 0
                            && x.size() > 0 && x.addr() >= load.vaddr() && x.addr() < load.memEnd())
                    .mapToLong(ElfFile.Section::end).max().orElse(load.vaddr() + load.filesz());
            if (load.memEnd() > alignUp(zeroEnd, PAGE)) {
                throw new Invalid(describe(load) + " ends at 0x" + hex(load.memEnd()) + ", beyond the page where its "
                        + "zero-filled sections end (0x" + hex(zeroEnd) + "): the program headers are damaged");
            }
        }

        private void checkDynamic(ElfFile.Segment dynamic) throws Invalid {
            List<ElfFile.Section> tables = sections.stream().filter(s -> s.type() == SHT_DYNAMIC).toList();
            if (tables.size() != 1) {
                throw new Invalid(tables.size() + " dynamic sections (SHT_DYNAMIC), expected 1");
            }
            ElfFile.Section table = tables.get(0);
            if (table.addr() != dynamic.vaddr() || table.offset() != dynamic.offset()
                    || table.size() != dynamic.memsz()) {
                throw new Invalid(describe(dynamic) + " (0x" + hex(dynamic.vaddr()) + ", 0x" + hex(dynamic.memsz())
                        + " bytes) is not the " + table.describe() + " (0x" + hex(table.addr()) + ", 0x"
                        + hex(table.size()) + " bytes): the program headers are damaged");
            }
        }

        /** Segments that describe sections begin where a section begins and end where one ends. */
        private void checkOnSectionBoundaries(ElfFile.Segment s) throws Invalid {
            List<ElfFile.Section> allocated = sections.stream().filter(x -> (x.flags() & SHF_ALLOC) != 0).toList();
            boolean starts = allocated.stream().anyMatch(x -> x.addr() == s.vaddr());
            boolean ends = allocated.stream().anyMatch(x -> x.end() == s.memEnd());
            if (!starts || !ends) {
                throw new Invalid(describe(s) + " (memory 0x" + hex(s.vaddr()) + "-0x" + hex(s.memEnd())
                        + ") does not match the sections it should describe: the program headers are damaged");
            }
        }

        /** PT_TLS spans exactly the thread-local sections (its end may be rounded up to its alignment). */
        private void checkTls(ElfFile.Segment s) throws Invalid {
            List<ElfFile.Section> tls = sections.stream()
                    .filter(x -> (x.flags() & SHF_TLS) != 0 && (x.flags() & SHF_ALLOC) != 0 && x.size() > 0).toList();
            long start = tls.stream().mapToLong(ElfFile.Section::addr).min().orElse(-1);
            long end = tls.stream().mapToLong(ElfFile.Section::end).max().orElse(-1);
            long initEnd = tls.stream().filter(x -> x.type() != SHT_NOBITS).mapToLong(ElfFile.Section::end).max()
                    .orElse(start);
            if (tls.isEmpty() || s.vaddr() != start || s.memEnd() < end
                    || s.memEnd() > alignUp(end, Math.max(1, s.align())) || s.vaddr() + s.filesz() != initEnd) {
                throw new Invalid(describe(s) + " does not match the thread-local sections: the program headers are "
                        + "damaged");
            }
        }

        /**
         * The loader makes the pages of [start, end) read-only after relocation. The range begins at a section;
         * its pages must hold no ordinary writable data (.data, .bss), which the addon writes later.
         */
        private void checkRelro(ElfFile.Segment s) throws Invalid {
            if (s.memsz() == 0) {
                return;
            }
            if (sections.stream().noneMatch(x -> (x.flags() & SHF_ALLOC) != 0 && x.addr() == s.vaddr())) {
                throw new Invalid(describe(s) + " (at 0x" + hex(s.vaddr()) + ") does not begin at a section: the "
                        + "program headers are damaged");
            }
            long protectedStart = alignDown(s.vaddr(), PAGE);
            long protectedEnd = alignDown(s.memEnd(), PAGE);
            for (ElfFile.Section x : sections) {
                boolean data = x.name().equals(".data") || x.name().equals(".bss");
                if (data && x.size() > 0 && x.addr() < protectedEnd && x.end() > protectedStart) {
                    throw new Invalid(describe(s) + " would make " + x.describe()
                            + " read-only: the program headers are damaged");
                }
            }
        }
    }
}
