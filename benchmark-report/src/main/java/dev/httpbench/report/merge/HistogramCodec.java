package dev.httpbench.report.merge;

import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Histograms;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A whole histogram as text: base64 of HdrHistogram's compressed encoding, as its interval logs write
 * each interval. Exact: decoding gives back every recorded count. Stateless.
 */
final class HistogramCodec {
    private HistogramCodec() {
    }

    static String encode(LatencyDistribution d) {
        Histogram h = d.histogram();
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int size = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), size));
    }

    /** An auto-resizing histogram holding what {@code text} encodes. */
    static Histogram decode(String text, String where) throws MergeException {
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
            Histogram h = Histograms.newHistogram();
            h.add(decoded);
            return h;
        } catch (DataFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MergeException(where + ": not an HdrHistogram encoding (" + e.getMessage() + ")", e);
        }
    }
}
