package dev.addons.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers of an ELF64 file, read with positional reads and bounds-checked against the file's size: the ELF
 * header, the program headers, the section headers (with their names) and, on demand, any other bytes. Reading
 * never maps the file, so a truncated or damaged file cannot fault; every structural problem is an
 * {@link ElfCheck.Invalid} with the reason.
 *
 * <p>Numbers are ELF64's unsigned 64-bit fields held in Java longs; values at or above {@link #LIMIT} are refused
 * as they are read, so that sums of two of them cannot overflow.
 *
 * <p>Small reads are served from aligned blocks read once: the checks read dozens of headers and names that lie
 * together (a section's name is one read each), and one positional read per block instead of per field is what
 * keeps the check cheap next to the {@code dlopen} it guards. The blocks are kept only while the check runs, and at
 * most {@link #MAX_BLOCKS} of them.
 */
final class ElfFile {

    /** Larger than any file, address or size a loadable library has (2^48: the user address space). */
    static final long LIMIT = 1L << 48;

    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    static final int SHDR_SIZE = 64;

    /** A section name table up to this size is read at once. */
    private static final int NAME_TABLE_AT_ONCE = 64 * 1024;

    private static final String PROGRAM_HEADER = "program header";
    private static final String SECTION_HEADER = "section header";

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

    /** The size of a cached block: a small library's headers, tables and names are in one or two. */
    static final int BLOCK = 16 * 1024;
    /** At most this many blocks are kept (256 KiB); a check that reads more starts over, reading again. */
    static final int MAX_BLOCKS = 16;

    private final FileChannel channel;
    private final long size;
    private final ByteOrder order;
    /** Blocks read so far, by index; shared by the views of one file in another byte order. */
    private final Map<Long, ByteBuffer> blocks;

    ElfFile(FileChannel channel, long size, ByteOrder order) {
        this(channel, size, order, new HashMap<>());
    }

    private ElfFile(FileChannel channel, long size, ByteOrder order, Map<Long, ByteBuffer> blocks) {
        this.channel = channel;
        this.size = size;
        this.order = order;
        this.blocks = blocks;
    }

    /** The same file (and the blocks read so far) read in {@code byteOrder}. */
    ElfFile inOrder(ByteOrder byteOrder) {
        return new ElfFile(channel, size, byteOrder, blocks);
    }

    long size() {
        return size;
    }

    /** Exactly {@code length} bytes at {@code offset}, which the caller has checked lie inside the file. */
    ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        if (length > BLOCK) {
            readFully(buffer, offset);
            return buffer.flip();
        }
        long at = offset;
        while (buffer.hasRemaining()) {
            long index = at / BLOCK;
            ByteBuffer block = block(index);
            int within = (int) (at - index * BLOCK);
            int n = Math.min(buffer.remaining(), block.limit() - within);
            if (n <= 0) {
                throw new IOException("the file shrank while it was read (at byte " + at + ")");
            }
            buffer.put(block.array(), within, n);
            at += n;
        }
        return buffer.flip();
    }

    /** Block {@code index}: the bytes from {@code index * BLOCK} to the end of the block or of the file. */
    private ByteBuffer block(long index) throws IOException {
        ByteBuffer block = blocks.get(index);
        if (block == null) {
            long start = index * BLOCK;
            block = ByteBuffer.allocate((int) Math.max(0, Math.min(BLOCK, size - start)));
            readFully(block, start);
            if (blocks.size() == MAX_BLOCKS) {
                blocks.clear();
            }
            blocks.put(index, block.flip());
        }
        return block;
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position() - start) < 0) {
                throw new IOException("the file shrank while it was read (at byte "
                        + (offset + buffer.position() - start) + ")");
            }
        }
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
            segments.add(new Segment(i, Integer.toUnsignedLong(b.getInt(at)), Integer.toUnsignedLong(b.getInt(at + 4)),
                    field(b.getLong(at + 8), PROGRAM_HEADER, i, "p_offset"),
                    field(b.getLong(at + 16), PROGRAM_HEADER, i, "p_vaddr"),
                    field(b.getLong(at + 32), PROGRAM_HEADER, i, "p_filesz"),
                    field(b.getLong(at + 40), PROGRAM_HEADER, i, "p_memsz"),
                    field(b.getLong(at + 48), PROGRAM_HEADER, i, "p_align")));
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
        byte[] nameTable = wholeNameTable(names);
        for (int i = 0; i < count; i++) {
            int at = i * SHDR_SIZE;
            long nameOffset = Integer.toUnsignedLong(table.getInt(at));
            String name = names == null ? ""
                    : nameTable != null ? string(nameTable, nameOffset) : string(names, nameOffset);
            sections.add(new Section(i, name, Integer.toUnsignedLong(table.getInt(at + 4)), table.getLong(at + 8),
                    field(table.getLong(at + 16), SECTION_HEADER, i, "sh_addr"),
                    field(table.getLong(at + 24), SECTION_HEADER, i, "sh_offset"),
                    field(table.getLong(at + 32), SECTION_HEADER, i, "sh_size"),
                    Integer.toUnsignedLong(table.getInt(at + 40))));
        }
        return sections;
    }

    /**
     * The section name table in one read when it is inside the file and small (it is: a few hundred bytes), so that
     * naming the sections reads no more; null otherwise (each name is then read on its own).
     */
    private byte[] wholeNameTable(Section names) throws IOException {
        if (names == null || names.size() > NAME_TABLE_AT_ONCE || names.offset() + names.size() > size) {
            return null;
        }
        return read(names.offset(), (int) names.size()).array();
    }

    /** A NUL-terminated name of at most 255 bytes from a whole name table; a bad offset yields a placeholder. */
    private static String string(byte[] table, long offset) {
        if (offset >= table.length) {
            return "#bad-name";
        }
        int start = (int) offset;
        int limit = (int) Math.min(table.length, start + 255L);
        int end = start;
        while (end < limit && table[end] != 0) {
            end++;
        }
        return new String(table, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The section header at {@code index}, unnamed, for the name table itself and extended numbering. */
    Section section(long shoff, int index) throws IOException, ElfCheck.Invalid {
        ByteBuffer b = sectionHeader(shoff, index);
        return new Section(index, "", Integer.toUnsignedLong(b.getInt(4)), b.getLong(8),
                field(b.getLong(16), SECTION_HEADER, index, "sh_addr"),
                field(b.getLong(24), SECTION_HEADER, index, "sh_offset"),
                field(b.getLong(32), SECTION_HEADER, index, "sh_size"), Integer.toUnsignedLong(b.getInt(40)));
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

    /** The same for field {@code name} of table entry {@code index}: the message is made only if it is needed. */
    private static long field(long value, String table, int index, String name) throws ElfCheck.Invalid {
        if (value < 0 || value >= LIMIT) {
            field(value, table + " " + index + " " + name);
        }
        return value;
    }
}
