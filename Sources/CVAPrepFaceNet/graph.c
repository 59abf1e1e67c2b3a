// Loads a generated graph table (fp16 weights widened to fp32 and repacked for the kernels, a
// workspace plan that lets tensors share memory once they are dead) and runs it op by op.
#include "CVAPrepFaceNet.h"
#include "graph.h"
#include <stdlib.h>
#include <string.h>

const vaprep_fn_kernels *vaprep_fn_active_kernels(void);

struct vaprep_fn_model {
    const vaprep_fn_graph *graph;
    float *weights;        // repacked fp32, indexed by weight_offset / bias_offset below
    size_t *weight_offset; // per op
    size_t *bias_offset;   // per op
    size_t *tensor_offset; // per tensor, in the workspace
    size_t workspace;      // floats
    int input_size, anchors;
};

// IEEE half -> single. Exact for every half value (the model holds no inf/NaN).
static float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    int exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ff, bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            exponent = 1;
            while (!(mantissa & 0x400)) { mantissa <<= 1; exponent--; }
            mantissa &= 0x3ff;
            bits = sign | ((uint32_t)(exponent + 112) << 23) | (mantissa << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((uint32_t)(exponent + 112) << 23) | (mantissa << 13);
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static size_t tensor_floats(const vaprep_fn_tensor *t) {
    return (size_t)t->height * t->width * vaprep_fn_stride(t->channels);
}

// Weight floats an op needs after repacking (conv: [kh][kw][cin][cout_stride]; dw: [3][3][c_stride]).
static size_t packed_weights(const vaprep_fn_graph *g, const vaprep_fn_op *op) {
    const vaprep_fn_tensor *in = &g->tensors[op->a], *out = &g->tensors[op->out];
    if (op->kind == VAPREP_FN_OP_CONV) return (size_t)op->kernel * op->kernel * in->channels * vaprep_fn_stride(out->channels);
    if (op->kind == VAPREP_FN_OP_DW) return (size_t)9 * vaprep_fn_stride(out->channels);
    return 0;
}

static void repack(const vaprep_fn_graph *g, const vaprep_fn_op *op, float *w, float *bias) {
    const vaprep_fn_tensor *in = &g->tensors[op->a], *out = &g->tensors[op->out];
    const int cout = out->channels, cs = vaprep_fn_stride(cout), k = op->kernel;
    const uint16_t *src = g->fp16 + op->weights;
    if (op->kind == VAPREP_FN_OP_CONV) {
        const int cin = in->channels;
        for (int o = 0; o < cout; o++)          // tflite: [cout][kh][kw][cin]
            for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                    for (int i = 0; i < cin; i++)
                        w[(((size_t)ky * k + kx) * cin + i) * cs + o] = half_to_float(src[((o * k + ky) * k + kx) * cin + i]);
    } else {                                    // tflite: [1][3][3][c]
        for (int t = 0; t < 9; t++)
            for (int c = 0; c < cout; c++) w[t * cs + c] = half_to_float(src[t * cout + c]);
    }
    for (int c = 0; c < cout; c++) bias[c] = half_to_float(g->fp16[op->bias + c]);
}

// Greedy first-fit over tensor lifetimes: a dead tensor's block is reused by the next one that
// fits. BlazeFace's peak drops from ~3.9 M floats (one block per tensor) to a few blocks of 64x64.
static int plan_workspace(vaprep_fn_model *m) {
    const vaprep_fn_graph *g = m->graph;
    int *last_use = malloc(sizeof(int) * g->tensor_count);
    size_t *block_start = malloc(sizeof(size_t) * g->tensor_count), *block_size = malloc(sizeof(size_t) * g->tensor_count);
    int *block_owner = malloc(sizeof(int) * g->tensor_count);
    if (!last_use || !block_start || !block_size || !block_owner) {
        free(last_use); free(block_start); free(block_size); free(block_owner);
        return -1;
    }
    for (int t = 0; t < g->tensor_count; t++) last_use[t] = -1;
    for (int i = 0; i < g->op_count; i++) {
        last_use[g->ops[i].a] = i;
        if (g->ops[i].b >= 0) last_use[g->ops[i].b] = i;
    }
    for (int h = 0; h < g->head_count; h++) last_use[g->score_heads[h]] = last_use[g->box_heads[h]] = g->op_count;
    int blocks = 0;
    size_t total = 0;
    for (int i = -1; i < g->op_count; i++) {
        const int t = i < 0 ? g->input : g->ops[i].out;
        const size_t need = tensor_floats(&g->tensors[t]);
        int chosen = -1;
        for (int b = 0; b < blocks && chosen < 0; b++)
            if (block_owner[b] < 0 && block_size[b] >= need) chosen = b;
        if (chosen < 0) {
            chosen = blocks++;
            block_start[chosen] = total; block_size[chosen] = need; total += need;
        }
        block_owner[chosen] = t;
        m->tensor_offset[t] = block_start[chosen];
        // Free the blocks whose tensors this op read for the last time (after it wrote its output).
        for (int b = 0; b < blocks; b++)
            if (block_owner[b] >= 0 && block_owner[b] != t && last_use[block_owner[b]] <= i) block_owner[b] = -1;
    }
    m->workspace = total;
    free(last_use); free(block_start); free(block_size); free(block_owner);
    return 0;
}

vaprep_fn_model *vaprep_fn_model_create_blazeface_short_range(void) {
    const vaprep_fn_graph *g = &vaprep_fn_blazeface_short_range;
    vaprep_fn_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->graph = g;
    m->weight_offset = calloc(g->op_count, sizeof(size_t));
    m->bias_offset = calloc(g->op_count, sizeof(size_t));
    m->tensor_offset = calloc(g->tensor_count, sizeof(size_t));
    size_t floats = 0;
    for (int i = 0; m->weight_offset && m->bias_offset && i < g->op_count; i++) {
        m->weight_offset[i] = floats;
        floats += packed_weights(g, &g->ops[i]);
        m->bias_offset[i] = floats;
        floats += g->ops[i].bias >= 0 ? (size_t)vaprep_fn_stride(g->tensors[g->ops[i].out].channels) : 0;
    }
    m->weights = calloc(floats ? floats : 1, sizeof(float));  // zero: the padding lanes stay 0
    if (!m->weight_offset || !m->bias_offset || !m->tensor_offset || !m->weights || plan_workspace(m) != 0) {
        vaprep_fn_model_free(m);
        return NULL;
    }
    for (int i = 0; i < g->op_count; i++)
        if (g->ops[i].weights >= 0) repack(g, &g->ops[i], m->weights + m->weight_offset[i], m->weights + m->bias_offset[i]);
    m->input_size = g->tensors[g->input].width;
    m->anchors = 0;
    for (int h = 0; h < g->head_count; h++) {
        const vaprep_fn_tensor *t = &g->tensors[g->score_heads[h]];
        m->anchors += t->height * t->width * t->channels;
    }
    return m;
}

void vaprep_fn_model_free(vaprep_fn_model *m) {
    if (!m) return;
    free(m->weights); free(m->weight_offset); free(m->bias_offset); free(m->tensor_offset);
    free(m);
}

int vaprep_fn_model_input_size(const vaprep_fn_model *m) { return m->input_size; }
int vaprep_fn_model_anchor_count(const vaprep_fn_model *m) { return m->anchors; }
size_t vaprep_fn_model_workspace_count(const vaprep_fn_model *m) { return m->workspace; }

// TF "SAME": output ceil(in / stride); the padding splits with the smaller half before.
static int same_pad_before(int in, int out, int k, int stride) {
    const int total = (out - 1) * stride + k - in;
    return total > 0 ? total / 2 : 0;
}

void vaprep_fn_model_run(const vaprep_fn_model *m, const float *input, float *workspace, float *scores, float *boxes) {
    const vaprep_fn_graph *g = m->graph;
    const vaprep_fn_kernels *k = vaprep_fn_active_kernels();
    const vaprep_fn_tensor *it = &g->tensors[g->input];
    float *in = workspace + m->tensor_offset[g->input];
    const int ics = vaprep_fn_stride(it->channels);
    for (size_t p = 0; p < (size_t)it->height * it->width; p++)
        for (int c = 0; c < ics; c++) in[p * ics + c] = c < it->channels ? input[p * it->channels + c] : 0.0f;
    for (int i = 0; i < g->op_count; i++) {
        const vaprep_fn_op *op = &g->ops[i];
        const vaprep_fn_tensor *a = &g->tensors[op->a], *o = &g->tensors[op->out];
        const float *src = workspace + m->tensor_offset[op->a];
        float *dst = workspace + m->tensor_offset[op->out];
        const float *w = m->weights + m->weight_offset[i], *bias = m->weights + m->bias_offset[i];
        switch (op->kind) {
        case VAPREP_FN_OP_CONV:
            if (op->kernel == 1 && op->stride == 1)
                k->pointwise(src, a->height * a->width, a->channels, dst, o->channels, w, bias, op->relu);
            else
                k->conv(src, a->height, a->width, a->channels, dst, o->height, o->width, o->channels, w, bias, op->kernel,
                        op->stride, op->same ? same_pad_before(a->height, o->height, op->kernel, op->stride) : 0,
                        op->same ? same_pad_before(a->width, o->width, op->kernel, op->stride) : 0, op->relu);
            break;
        case VAPREP_FN_OP_DW:
            k->depthwise(src, a->height, a->width, a->channels, dst, o->height, o->width, w, bias, op->stride,
                         same_pad_before(a->height, o->height, 3, op->stride), same_pad_before(a->width, o->width, 3, op->stride),
                         op->relu);
            break;
        case VAPREP_FN_OP_POOL:
            k->maxpool(src, a->height, a->width, a->channels, dst, o->height, o->width);
            break;
        case VAPREP_FN_OP_ADD:
            k->add(src, a->channels, workspace + m->tensor_offset[op->b], g->tensors[op->b].channels, dst,
                   a->height * a->width, op->relu);
            break;
        }
    }
    // The heads in anchor order: the model reshapes each NHWC head to [anchors, values] and
    // concatenates them, which is reading them row by row without the padding lanes.
    for (int h = 0; h < g->head_count; h++) {
        const vaprep_fn_tensor *st = &g->tensors[g->score_heads[h]], *bt = &g->tensors[g->box_heads[h]];
        const float *s = workspace + m->tensor_offset[g->score_heads[h]], *b = workspace + m->tensor_offset[g->box_heads[h]];
        const int ss = vaprep_fn_stride(st->channels), bs = vaprep_fn_stride(bt->channels);
        for (int p = 0; p < st->height * st->width; p++) {
            memcpy(scores, s + (size_t)p * ss, sizeof(float) * st->channels);
            scores += st->channels;
            memcpy(boxes, b + (size_t)p * bs, sizeof(float) * bt->channels);
            boxes += bt->channels;
        }
    }
}
