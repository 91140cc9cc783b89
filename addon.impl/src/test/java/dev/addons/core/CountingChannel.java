package dev.addons.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A file channel that counts the reads made through it (each read is one system call on the real channel). */
final class CountingChannel extends FileChannel {

    private final FileChannel channel;
    private int reads;

    CountingChannel(FileChannel channel) {
        this.channel = channel;
    }

    int reads() {
        return reads;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        reads++;
        return channel.read(dst, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        reads++;
        return channel.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        reads++;
        return channel.read(dsts, offset, length);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public int write(ByteBuffer src, long position) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public FileChannel truncate(long size) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public void force(boolean metaData) {
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("not counted");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("the check never maps the file");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        channel.close();
    }
}
