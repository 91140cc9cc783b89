package dev.addons.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * The memory through which a context's generic calls ({@link AddonImpl#call}) cross JNI: one direct buffer that
 * holds a call's encoded arguments and the export's name, and then, written over them by C, its answer. C gets
 * the buffer's address (asked once per buffer, {@link NativeBridge#address}), so a call makes no byte array, no
 * string for the name and no encoder or decoder: what it allocates is the arguments' boxes and the result.
 *
 * <p>One per context, used under the context's lock; when the context closes it goes to the runtime's {@link Pool}
 * for the next context. It is busy from {@link #acquire} to {@link #release}: a call
 * made meanwhile on the same thread (the lock is reentrant: an argument's iterator, or Java code the addon calls
 * back, may call the context again) gets a transport of its own instead of writing over this one's buffer.
 *
 * <p>The buffer grows for a large call (the writer doubles it; an answer that did not fit is moved into a larger
 * one) and is kept up to {@link #KEPT_CAPACITY}: past that, the call's buffer is dropped at release and the next
 * call starts again from {@link #INITIAL_CAPACITY}.
 */
final class CallTransport {

    /** Bytes a context's transport starts with (and at least 8: C may park an answer's address there). */
    static final int INITIAL_CAPACITY = 128; // most calls fit; an idle context keeps it: small
    /** The largest buffer kept between calls. */
    static final int KEPT_CAPACITY = 1 << 20;

    private final ValueCodec.Writer writer = new ValueCodec.Writer(ByteBuffer.allocateDirect(INITIAL_CAPACITY));
    private final ValueCodec.Reader reader = new ValueCodec.Reader();
    /** Made once: a method reference made per call would be one more allocation per call. */
    private final Consumer<String> warningSink = lines -> warnings = lines;
    private ByteBuffer addressed; // the buffer whose address is known
    private long address;
    private boolean busy;
    private String warnings; // the env's warnings that came with the answer, until release

    /**
     * Transports of closed contexts, handed to the next contexts that call: a context cycle with a call then
     * allocates no direct buffer. Keeps a few, none whose buffer grew past {@link #POOLED_CAPACITY} (giving back
     * allocates nothing: it runs in close).
     */
    static final class Pool {
        static final int KEPT = 16;
        static final int POOLED_CAPACITY = 64 * 1024;
        private final java.util.ArrayDeque<CallTransport> free = new java.util.ArrayDeque<>(KEPT);

        synchronized CallTransport take() {
            CallTransport transport = free.pollFirst();
            return transport != null ? transport : new CallTransport();
        }

        /** Takes back the transport of a context that closed; one still in use by a call is not pooled. */
        synchronized void give(CallTransport transport) {
            if (!transport.busy && free.size() < KEPT && transport.writer.buffer().capacity() <= POOLED_CAPACITY) {
                free.addFirst(transport);
            }
        }
    }

    /** This transport, or a new one if a call on this thread is using it; pair with {@link #release}. */
    CallTransport acquire() {
        CallTransport transport = busy ? new CallTransport() : this;
        transport.busy = true;
        return transport;
    }

    /**
     * Frees the transport for the next call; answers the warnings of the call's answer (lines separated by '\n'),
     * or null, for the caller to log once it left the context's lock.
     */
    String release() {
        busy = false;
        writer.forget();
        reader.forget();
        if (writer.buffer().capacity() > KEPT_CAPACITY) {
            writer.use(ByteBuffer.allocateDirect(INITIAL_CAPACITY));
        }
        String lines = warnings;
        warnings = null;
        return lines;
    }

    /** The buffer now in use, for tests. */
    ByteBuffer buffer() {
        return writer.buffer();
    }

    /**
     * Encodes the arguments, counts the call and gives back the releases of collected handles ({@code context} is
     * entered: its lock is held), calls the export and decodes the answer: the result, or the addon's exception
     * thrown (see {@link ValueCodec#decodeAnswer}). Java functions among the arguments get their ids from
     * {@code owner}'s registry (the lock is held); handles must be {@code owner}'s; a promise in the answer becomes
     * a future of {@code owner}'s, a handle one of its table.
     */
    Object call(ContextImpl context, long env, String module, String function, Object[] args,
            ConversionLimits limits, AddonImpl owner) {
        writer.reset(limits, owner.functions());
        writer.owner = owner;
        ValueCodec.encodeArguments(writer, args, module, function);
        int argumentLength = writer.position();
        int nameLength = writer.name(function);
        context.countCall();
        context.releaseCollectedHandles(); // a generic call can take and answer handles: see ContextImpl.enter
        ByteBuffer buffer = writer.buffer();
        if (buffer != addressed) {
            address = NativeBridge.address(buffer);
            addressed = buffer;
        }
        long answer = NativeBridge.call(env, address, buffer.capacity(), argumentLength, nameLength, limits.maxDepth(),
                limits.maxValues());
        if (answer < 0) {
            buffer = takeLargeAnswer(buffer, (int) -answer);
        }
        buffer.limit((int) Math.abs(answer)).position(0);
        return ValueCodec.decodeAnswer(buffer, reader, module, function, warningSink, owner.promises(),
                owner.handles());
    }

    /** Moves an answer that did not fit into {@code buffer} (C parked its address there) into a larger buffer. */
    private ByteBuffer takeLargeAnswer(ByteBuffer buffer, int length) {
        long from = buffer.getLong(0);
        ByteBuffer larger;
        try {
            larger = ByteBuffer.allocateDirect(length).order(ByteOrder.nativeOrder());
        } catch (OutOfMemoryError e) {
            NativeBridge.moveAnswer(from, 0, 0); // frees it
            throw e;
        }
        NativeBridge.moveAnswer(from, NativeBridge.address(larger), length);
        writer.use(larger);
        return larger;
    }
}
