package dev.addons.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The headers of an ELF64 file, read with positional reads and bounds-checked against the file's size: the ELF
 * header, the program headers, the section headers (with their names) and, on demand, any other bytes. Reading
 * never maps the file, so a truncated or damaged file cannot fault; every structural problem is an
 * {@link ElfCheck.Invalid} with the reason.
 *
 * <p>Numbers are ELF64's unsigned 64-bit fields held in Java longs; values at or above {@link #LIMIT} are refused
 * as they are read, so that sums of two of them cannot overflow.
 */
final class ElfFile {

    /** Larger than any file, address or size a loadable library has (2^48: the user address space). */
    static final long LIMIT = 1L << 48;

    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    static final int SHDR_SIZE = 64;

    /** The fields of the ELF header that the checks use (those of e_ident are read by ElfCheck first). */
    record Header(int type, int machine, long version, long phoff, long shoff, int ehsize, int phentsize,
            int phnum, int shentsize, int shnum, int shstrndx) {
    }

    /** A program header; {@code index} is its position in the table, for messages. */
    record Segment(int index, long type, long flags, long offset, long vaddr, long filesz, long memsz, long align) {

        long fileEnd() {
            return offset + filesz;
        }

        long memEnd() {
            return vaddr + memsz;
        }
    }

    /** A section header with its name. */
    record Section(int index, String name, long type, long flags, long addr, long offset, long size, long link) {

        long end() {
            return addr + size;
        }

        String describe() {
            return "section " + (name.isEmpty() ? "#" + index : name);
        }
    }

    private final FileChannel channel;
    private final long size;
    private final ByteOrder order;

    ElfFile(FileChannel channel, long size, ByteOrder order) {
        this.channel = channel;
        this.size = size;
        this.order = order;
    }

    long size() {
        return size;
    }

    /** Exactly {@code length} bytes at {@code offset}, which the caller has checked lie inside the file. */
    ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("the file shrank while it was read (at byte " + (offset + buffer.position())
                        + ")");
            }
        }
        return buffer.flip();
    }

    Header header() throws IOException, ElfCheck.Invalid {
        ByteBuffer b = read(0, EHDR_SIZE);
        return new Header(Short.toUnsignedInt(b.getShort(16)), Short.toUnsignedInt(b.getShort(18)),
                Integer.toUnsignedLong(b.getInt(20)), field(b.getLong(32), "e_phoff"), field(b.getLong(40), "e_shoff"),
                Short.toUnsignedInt(b.getShort(52)), Short.toUnsignedInt(b.getShort(54)),
                Short.toUnsignedInt(b.getShort(56)), Short.toUnsignedInt(b.getShort(58)),
                Short.toUnsignedInt(b.getShort(60)), Short.toUnsignedInt(b.getShort(62)));
    }

    /** The program header table, which the caller has checked lies inside the file. */
    List<Segment> segments(Header h) throws IOException, ElfCheck.Invalid {
        ByteBuffer b = read(h.phoff(), h.phnum() * PHDR_SIZE);
        List<Segment> segments = new ArrayList<>(h.phnum());
        for (int i = 0; i < h.phnum(); i++) {
            int at = i * PHDR_SIZE;
            String what = "program header " + i;
            segments.add(new Segment(i, Integer.toUnsignedLong(b.getInt(at)), Integer.toUnsignedLong(b.getInt(at + 4)),
                    field(b.getLong(at + 8), what + " p_offset"), field(b.getLong(at + 16), what + " p_vaddr"),
                    field(b.getLong(at + 32), what + " p_filesz"), field(b.getLong(at + 40), what + " p_memsz"),
                    field(b.getLong(at + 48), what + " p_align")));
        }
        return segments;
    }

    /** The raw section header at {@code index} of a table at {@code shoff} (inside the file: checked by the caller). */
    ByteBuffer sectionHeader(long shoff, int index) throws IOException {
        return read(shoff + (long) index * SHDR_SIZE, SHDR_SIZE);
    }

    /** All section headers (the table is inside the file: checked by the caller), named from the name table. */
    List<Section> sections(long shoff, int count, Section names) throws IOException, ElfCheck.Invalid {
        List<Section> sections = new ArrayList<>(count);
        ByteBuffer table = read(shoff, count * SHDR_SIZE);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = table.slice(i * SHDR_SIZE, SHDR_SIZE).order(order);
            long nameOffset = Integer.toUnsignedLong(b.getInt(0));
            String name = names == null ? "" : string(names, nameOffset);
            String what = "section header " + i;
            sections.add(new Section(i, name, Integer.toUnsignedLong(b.getInt(4)), b.getLong(8),
                    field(b.getLong(16), what + " sh_addr"), field(b.getLong(24), what + " sh_offset"),
                    field(b.getLong(32), what + " sh_size"), Integer.toUnsignedLong(b.getInt(40))));
        }
        return sections;
    }

    /** The section header at {@code index}, unnamed, for the name table itself and extended numbering. */
    Section section(long shoff, int index) throws IOException, ElfCheck.Invalid {
        ByteBuffer b = sectionHeader(shoff, index);
        String what = "section header " + index;
        return new Section(index, "", Integer.toUnsignedLong(b.getInt(4)), b.getLong(8),
                field(b.getLong(16), what + " sh_addr"), field(b.getLong(24), what + " sh_offset"),
                field(b.getLong(32), what + " sh_size"), Integer.toUnsignedLong(b.getInt(40)));
    }

    /** A NUL-terminated name of at most 255 bytes from a string table; a bad offset yields a placeholder. */
    private String string(Section table, long offset) throws IOException {
        if (offset >= table.size() || table.offset() + table.size() > size) {
            return "#bad-name";
        }
        int length = (int) Math.min(255, table.size() - offset);
        ByteBuffer b = read(table.offset() + offset, length);
        int end = 0;
        while (end < length && b.get(end) != 0) {
            end++;
        }
        return new String(b.array(), 0, end, StandardCharsets.ISO_8859_1);
    }

    private static long field(long value, String what) throws ElfCheck.Invalid {
        if (value < 0 || value >= LIMIT) {
            throw new ElfCheck.Invalid(what + " is 0x" + Long.toHexString(value) + ", out of range");
        }
        return value;
    }
}
