// CFFmpeg: the only C that touches FFmpeg.
//
// Swift cannot import function-like macros (AVERROR, AVERROR_EOF, AV_NOPTS_VALUE) and
// FFmpeg's API moved between 5.1 (Debian 12), 6.x and 7.x.
// Every such difference is settled here, behind one `vaprep_*` helper, so the
// Swift code never branches on FFmpeg's version.
#ifndef VAPREP_CFFMPEG_H
#define VAPREP_CFFMPEG_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/mathematics.h>
#include <libavutil/mem.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/time.h>
#include <libswscale/swscale.h>

// MARK: - Error codes and constants Swift cannot import

static inline int vaprep_averror(int posix_errno) { return AVERROR(posix_errno); }
static inline int vaprep_averror_eof(void) { return AVERROR_EOF; }
static inline int vaprep_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int vaprep_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int vaprep_averror_bug(void) { return AVERROR_BUG; }
static inline int vaprep_averror_bug2(void) { return AVERROR_BUG2; }
static inline int vaprep_averror_patchwelcome(void) { return AVERROR_PATCHWELCOME; }
static inline int64_t vaprep_nopts(void) { return AV_NOPTS_VALUE; }

/// `AV_TIME_BASE_Q` is a compound literal Swift cannot import.
static inline AVRational vaprep_time_base_q(void) { return AV_TIME_BASE_Q; }

/// Writes FFmpeg's text for `errnum` into `buf` (always NUL-terminated).
static inline void vaprep_strerror(int errnum, char *buf, size_t size) {
    if (av_strerror(errnum, buf, size) < 0) {
        snprintf(buf, size, "FFmpeg error %d", errnum);
    }
}

// MARK: - Display matrix (moved from stream side data to codecpar in 6.1, old API removed in 7)

/// The stream's 3x3 display matrix, or NULL when the stream has none.
static inline const int32_t *vaprep_stream_display_matrix(const AVStream *st) {
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    const AVPacketSideData *sd = av_packet_side_data_get(st->codecpar->coded_side_data,
                                                         st->codecpar->nb_coded_side_data,
                                                         AV_PKT_DATA_DISPLAYMATRIX);
    if (sd == NULL || sd->size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)sd->data;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (data == NULL || size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)data;
#endif
}

/// Gives `st` a copy of the 3x3 display matrix `matrix` (a remux keeping the rotation).
/// Returns 0, or AVERROR(ENOMEM). From 6.1 on, avcodec_parameters_copy already copied it.
static inline int vaprep_stream_set_display_matrix(AVStream *st, const int32_t *matrix) {
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    if (av_packet_side_data_get(st->codecpar->coded_side_data, st->codecpar->nb_coded_side_data,
                                AV_PKT_DATA_DISPLAYMATRIX) != NULL) return 0;
    AVPacketSideData *sd = av_packet_side_data_new(&st->codecpar->coded_side_data, &st->codecpar->nb_coded_side_data,
                                                   AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t), 0);
    if (sd == NULL) return AVERROR(ENOMEM);
    memcpy(sd->data, matrix, 9 * sizeof(int32_t));
#else
    uint8_t *data = av_stream_new_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t));
    if (data == NULL) return AVERROR(ENOMEM);
    memcpy(data, matrix, 9 * sizeof(int32_t));
#endif
    return 0;
}

// MARK: - Audio channel count (AVCodecParameters.channels was removed in 7)

static inline int vaprep_codecpar_channels(const AVCodecParameters *par) {
    return par->ch_layout.nb_channels;
}

// MARK: - Frame fields that changed between versions

/// A decoded frame's duration in its stream time base, 0 when unknown
/// (`pkt_duration` became `duration` in 6.0 and was removed in 7).
static inline int64_t vaprep_frame_duration(const AVFrame *frame) {
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
    return frame->duration;
#else
    return frame->pkt_duration;
#endif
}

// MARK: - Pixel format facts

/// Bits per component of a pixel format (8 for yuv420p, 10 for yuv420p10le), 0 when unknown.
static inline int vaprep_pix_fmt_bit_depth(int pix_fmt) {
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get((enum AVPixelFormat)pix_fmt);
    return d ? d->comp[0].depth : 0;
}

/// log2 of the chroma subsampling (1,1 for 4:2:0; 1,0 for 4:2:2; 0,0 for 4:4:4). Returns 0 on success.
static inline int vaprep_pix_fmt_chroma_shift(int pix_fmt, int *log2_w, int *log2_h) {
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get((enum AVPixelFormat)pix_fmt);
    if (d == NULL) return -1;
    *log2_w = d->log2_chroma_w;
    *log2_h = d->log2_chroma_h;
    return 0;
}

// MARK: - Deadline and cancellation through FFmpeg's interrupt callback

/// State read by `vaprep_interrupt_callback`; Swift owns the memory and keeps it alive
/// for as long as the AVFormatContext that points at it. `cancelled` is set from another
/// thread (a task's cancellation handler) while the decoding thread polls it, and parallel
/// keyframe decoders of one input arm the same deadline, so every field is only touched
/// through the atomic accessors below.
typedef struct vaprep_interrupt_state {
    int64_t deadline_us;      // av_gettime_relative() value after which I/O is aborted; 0 = none
    int cancelled;            // set to 1 to abort at the next check
    int fired;                // set by the callback when it aborted (1 deadline, 2 cancelled)
} vaprep_interrupt_state;

static inline void vaprep_interrupt_cancel(vaprep_interrupt_state *s) {
    __atomic_store_n(&s->cancelled, 1, __ATOMIC_RELEASE);
}
static inline int vaprep_interrupt_cancelled(vaprep_interrupt_state *s) {
    return __atomic_load_n(&s->cancelled, __ATOMIC_ACQUIRE);
}
static inline int vaprep_interrupt_fired(vaprep_interrupt_state *s) {
    return __atomic_load_n(&s->fired, __ATOMIC_ACQUIRE);
}
static inline void vaprep_interrupt_set_fired(vaprep_interrupt_state *s, int value) {
    __atomic_store_n(&s->fired, value, __ATOMIC_RELEASE);
}

static inline void vaprep_interrupt_set_deadline(vaprep_interrupt_state *s, int64_t deadline_us) {
    __atomic_store_n(&s->deadline_us, deadline_us, __ATOMIC_RELEASE);
}
static inline int64_t vaprep_interrupt_deadline(vaprep_interrupt_state *s) {
    return __atomic_load_n(&s->deadline_us, __ATOMIC_ACQUIRE);
}

static inline int vaprep_interrupt_callback(void *opaque) {
    vaprep_interrupt_state *s = (vaprep_interrupt_state *)opaque;
    if (s == NULL) return 0;
    if (vaprep_interrupt_cancelled(s)) { vaprep_interrupt_set_fired(s, 2); return 1; }
    int64_t deadline = vaprep_interrupt_deadline(s);
    if (deadline > 0 && av_gettime_relative() > deadline) { vaprep_interrupt_set_fired(s, 1); return 1; }
    return 0;
}

static inline void vaprep_install_interrupt(AVFormatContext *ctx, vaprep_interrupt_state *state) {
    ctx->interrupt_callback.callback = vaprep_interrupt_callback;
    ctx->interrupt_callback.opaque = state;
}

static inline int64_t vaprep_now_us(void) { return av_gettime_relative(); }

// MARK: - Logging: FFmpeg's varargs callback turned into whole lines for Swift

/// Receives one formatted FFmpeg log line (without the trailing newline) and its level.
typedef void (*vaprep_log_sink)(int level, const char *line);

static vaprep_log_sink vaprep_current_log_sink = NULL;

static inline void vaprep_log_trampoline(void *avcl, int level, const char *fmt, va_list vl) {
    if (level > av_log_get_level()) return;
    vaprep_log_sink sink = vaprep_current_log_sink;
    if (sink == NULL) return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, (int)sizeof(line), &print_prefix);
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (n > 0) sink(level, line);
}

/// Routes FFmpeg's log through `sink` at levels up to `max_level` (e.g. AV_LOG_VERBOSE).
static inline void vaprep_set_log_sink(vaprep_log_sink sink, int max_level) {
    vaprep_current_log_sink = sink;
    av_log_set_level(max_level);
    av_log_set_callback(sink ? vaprep_log_trampoline : av_log_default_callback);
}

// MARK: - Transcode: in-memory output through a custom AVIOContext

/// Write callback with one signature on every FFmpeg version (`buf` became const in 7.0).
typedef int (*vaprep_avio_write_fn)(void *opaque, const uint8_t *buf, int buf_size);
typedef int64_t (*vaprep_avio_seek_fn)(void *opaque, int64_t offset, int whence);

/// A writable, seekable AVIOContext over callbacks, with its own av_malloc'ed buffer.
/// Free it with `vaprep_avio_write_context_free`. Returns NULL when out of memory.
static inline AVIOContext *vaprep_avio_write_context(int buffer_size, void *opaque,
                                                     vaprep_avio_write_fn write, vaprep_avio_seek_fn seek) {
    unsigned char *buffer = (unsigned char *)av_malloc((size_t)buffer_size);
    if (buffer == NULL) return NULL;
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    AVIOContext *ctx = avio_alloc_context(buffer, buffer_size, 1, opaque, NULL, write, seek);
#else
    AVIOContext *ctx = avio_alloc_context(buffer, buffer_size, 1, opaque, NULL,
                                          (int (*)(void *, uint8_t *, int))write, seek);
#endif
    if (ctx == NULL) av_free(buffer);
    return ctx;
}

/// Frees the context and the buffer it may have reallocated (the doc'd order: buffer, then context).
static inline void vaprep_avio_write_context_free(AVIOContext **ctx) {
    if (ctx == NULL || *ctx == NULL) return;
    av_freep(&(*ctx)->buffer);
    avio_context_free(ctx);
}

static inline int vaprep_avseek_size(void) { return AVSEEK_SIZE; }

// MARK: - Open: in-memory input through a custom AVIOContext

/// Read callback with one signature on every FFmpeg version.
typedef int (*vaprep_avio_read_fn)(void *opaque, uint8_t *buf, int buf_size);

/// A read-only, seekable AVIOContext over callbacks, with its own av_malloc'ed buffer.
/// Free it with `vaprep_avio_write_context_free` (same ownership rules). NULL when out of memory.
static inline AVIOContext *vaprep_avio_read_context(int buffer_size, void *opaque,
                                                    vaprep_avio_read_fn read, vaprep_avio_seek_fn seek) {
    unsigned char *buffer = (unsigned char *)av_malloc((size_t)buffer_size);
    if (buffer == NULL) return NULL;
    AVIOContext *ctx = avio_alloc_context(buffer, buffer_size, 0, opaque, read, NULL, seek);
    if (ctx == NULL) av_free(buffer);
    return ctx;
}

static inline int vaprep_refuse_io_open(struct AVFormatContext *s, AVIOContext **pb, const char *url,
                                        int flags, AVDictionary **options) {
    (void)s; (void)pb; (void)url; (void)flags; (void)options;
    return AVERROR(EPERM);
}

/// Makes every nested open of the demuxer fail (data references, playlists, sidecar files):
/// an in-memory input has no neighbours, and its bytes must never name a file to read.
static inline void vaprep_refuse_nested_io(AVFormatContext *ctx) {
    ctx->io_open = vaprep_refuse_io_open;
}

// MARK: - Probe: the demuxer's sample index (avformat_index_get_entry is public since 5.0)

/// The number of entries of the stream's index (0 when the demuxer keeps none).
static inline int vaprep_index_count(AVStream *st) {
    return avformat_index_get_entries_count(st);
}

/// Entry `i` of the stream's index: byte position, size and timestamp. Returns 0 on success.
static inline int vaprep_index_entry(AVStream *st, int i, int64_t *pos, int *size, int64_t *timestamp) {
    const AVIndexEntry *e = avformat_index_get_entry(st, i);
    if (e == NULL) return -1;
    *pos = e->pos;
    *size = e->size;
    *timestamp = e->timestamp;
    return 0;
}

// MARK: - Encode: regions of interest (libx264 turns them into per-macroblock quant offsets)

/// One region of interest in pixels of the encoded picture (`right`/`bottom` exclusive) and its
/// quantiser offset as a fraction of the codec's QP range (libx264: −1…1 × 51 at 8 bits).
typedef struct vaprep_roi {
    int left, top, right, bottom;
    int qoffset_num, qoffset_den;
} vaprep_roi;

/// Replaces the frame's AV_FRAME_DATA_REGIONS_OF_INTEREST side data with `count` regions
/// (the first wins where regions overlap, as AVRegionOfInterest documents); `count` 0 only
/// removes it, so a pooled frame never carries the last picture's regions.
/// Returns 0, or AVERROR(ENOMEM) / AVERROR(EINVAL).
static inline int vaprep_frame_set_rois(AVFrame *frame, const vaprep_roi *rects, int count) {
    av_frame_remove_side_data(frame, AV_FRAME_DATA_REGIONS_OF_INTEREST);
    if (count == 0) return 0;
    if (count < 0 || rects == NULL || (size_t)count > SIZE_MAX / sizeof(AVRegionOfInterest)) return AVERROR(EINVAL);
    AVFrameSideData *sd = av_frame_new_side_data(frame, AV_FRAME_DATA_REGIONS_OF_INTEREST,
                                                 sizeof(AVRegionOfInterest) * (size_t)count);
    if (sd == NULL) return AVERROR(ENOMEM);
    AVRegionOfInterest *rois = (AVRegionOfInterest *)sd->data;
    for (int i = 0; i < count; i++) {
        if (rects[i].qoffset_den == 0) { av_frame_remove_side_data(frame, AV_FRAME_DATA_REGIONS_OF_INTEREST); return AVERROR(EINVAL); }
        rois[i].self_size = (uint32_t)sizeof(AVRegionOfInterest);
        rois[i].top = rects[i].top;
        rois[i].bottom = rects[i].bottom;
        rois[i].left = rects[i].left;
        rois[i].right = rects[i].right;
        rois[i].qoffset = av_make_q(rects[i].qoffset_num, rects[i].qoffset_den);
    }
    return 0;
}

/// The number of regions of interest the frame carries (0 without the side data).
static inline int vaprep_frame_roi_count(const AVFrame *frame) {
    const AVFrameSideData *sd = av_frame_get_side_data(frame, AV_FRAME_DATA_REGIONS_OF_INTEREST);
    if (sd == NULL || sd->size == 0) return 0;
    const AVRegionOfInterest *first = (const AVRegionOfInterest *)sd->data;
    if (first->self_size == 0) return 0;
    return (int)(sd->size / first->self_size);
}

#endif
