package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * Mamba (Gu and Dao 2023): a selective state-space model. Token embedding, residual blocks x +
 * mixer(RMSNorm(x)), a final RMSNorm and a head tied to the embedding. The mixer projects x up to
 * two branches of width Di = expand * D; one goes through a causal depthwise convolution and
 * SiLU, then a linear recurrence whose step size delta and matrices B, C depend on the input:
 *
 * <pre>
 *   h_t = exp(delta_t A) h_{t-1} + delta_t B_t x_t      (h: [Di, N] per sequence, A diagonal)
 *   y_t = C_t h_t + D x_t
 * </pre>
 *
 * and is gated by SiLU of the other branch before the down projection. Training runs the
 * recurrence in Java ({@link MambaScan}, with its own backward pass); decoding ({@link
 * MambaDecoder}) keeps h and the convolution's last K - 1 inputs per layer. B = batch, T =
 * tokens, D = dModel, Di = inner width, N = dState, K = dConv, R = rank of delta's projection, V =
 * vocabulary.
 */
public final class Mamba extends TrainableModel {

  /** Sizes of a Mamba model; the defaults are the published ones. */
  public record Config(int layers, int dModel, int dState, int dConv, int expand) implements ModelConfig {
    public static final Config DEFAULTS = new Config(10, 32, 16, 8, 2);

    public Config {
      Checks.positive("mamba", "layers", layers);
      Checks.positive("mamba", "dModel", dModel);
      Checks.positive("mamba", "dState", dState);
      Checks.positive("mamba", "dConv", dConv);
      Checks.positive("mamba", "expand", expand);
    }

    @Override
    public String architecture() {
      return "mamba";
    }

    @Override
    public double parameterEstimate() {
      double d = dModel;
      double inner = (double) expand * dModel;
      return layers * (2 * d * inner + inner * d + inner * (dConv + 2 * dState + 2) + inner * (double) dState + 2 * d);
    }
  }

  private final Config config;
  private final Parameter tokens; // [V, D], also the head
  private final List<MixerLayer> layers = new ArrayList<>();
  private final RmsNorm finalNorm;

  public Mamba(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
    tokens = parameter("tokens", Parameter.Type.WEIGHT, SMALL_NORMAL, vocabularySize, config.dModel());
    for (int i = 0; i < config.layers(); i++) layers.add(addChildBlock("layer" + i, new MixerLayer(config)));
    finalNorm = addChildBlock("finalNorm", new RmsNorm(config.dModel()));
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  protected NDArray computeLogits(NDArray ids, boolean training) {
    NDArray x = lookup(ids, tokens); // [B, T, D]
    for (MixerLayer layer : layers) x = layer.apply(x, layer.negativeA(x.getManager()), this);
    return logits(x); // [B, T, V]
  }

  /**
   * The step-by-step training form: one step of the recurrence per position over the whole [B, T,
   * Di, N] decay and drive arrays. Kept as the reference the faster training form is tested
   * against (logits and gradients).
   */
  NDArray stepwiseLogits(NDArray ids) {
    NDArray x = lookup(ids, tokens);
    for (MixerLayer layer : layers) x = layer.applyStepwise(x, layer.negativeA(x.getManager()));
    return logits(x);
  }

  /** Tied head: x [..., D] -> x E^T [..., V]. */
  private NDArray logits(NDArray x) {
    return Linear.linear(finalNorm.apply(x), tokens.getArray(), null).singletonOrThrow();
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new ScanState(manager, batch);
  }

  /** The decoding state: the whole step in Java but for the products ({@link MambaDecoder}). */
  private final class ScanState extends IncrementalState {
    private final MambaDecoder decoder;

    ScanState(NDManager manager, int batch) {
      super(manager, batch);
      List<MambaDecoder.LayerWeights> weights = new ArrayList<>();
      for (MixerLayer layer : layers) weights.add(layer.decodingWeights(this.manager));
      decoder = new MambaDecoder(this.manager, batch, config, tokens.getArray().toFloatArray(), finalNorm.gain.getArray().toFloatArray(), weights);
    }

    @Override
    NDArray advance(NDArray ids, int position) {
      return decoder.step(ids.toLongArray());
    }
  }

  /** A copy of {@code x} (a parameter or a view of one) in {@code m}, contiguous. */
  private static NDArray copy(NDArray x, NDManager m) {
    return m.create(x.toFloatArray(), x.getShape());
  }

  /** One residual block: x + mixer(RMSNorm(x)). */
  private static final class MixerLayer extends Layer {
    private final int di;
    private final int n;
    private final int rank;
    private final RmsNorm norm;
    private final Parameter inProj; // [2 Di, D]
    private final CausalConv conv;
    private final MambaScan.Saved saved = new MambaScan.Saved(); // the scan's arrays for its backward pass, reused between steps
    private final Parameter xProj; // [R + 2N, Di]
    private final Parameter dtWeight; // [Di, R]
    private final Parameter dtBias; // [Di]
    private final Parameter aLog; // [Di, N], A = -exp(aLog)
    private final Parameter skip; // [Di], the D of y = C h + D x
    private final Parameter outProj; // [D, Di]

    MixerLayer(Config c) {
      int d = c.dModel();
      di = c.expand() * d;
      n = c.dState();
      rank = (d + 15) / 16;
      norm = addChildBlock("norm", new RmsNorm(d));
      inProj = parameter("inProj", Parameter.Type.WEIGHT, SMALL_NORMAL, 2L * di, d);
      conv = addChildBlock("conv", new CausalConv(di, c.dConv()));
      xProj = parameter("xProj", Parameter.Type.WEIGHT, SMALL_NORMAL, rank + 2L * n, di);
      dtWeight = parameter("dtWeight", Parameter.Type.WEIGHT, new UniformInitializer((float) (1 / Math.sqrt(rank))), di, rank);
      dtBias = parameter("dtBias", Parameter.Type.BIAS, STEP_SIZE_BIAS, di);
      aLog = parameter("aLog", Parameter.Type.WEIGHT, LOG_ONE_TO_N, di, n);
      skip = parameter("skip", Parameter.Type.WEIGHT, ONES, di);
      outProj = parameter("outProj", Parameter.Type.WEIGHT, SMALL_NORMAL, d, di);
    }

    /** A = -exp(aLog) [Di, N], made in {@code m} (an op on the parameter would land in the model's manager). */
    NDArray negativeA(NDManager m) {
      NDArray expALog = aLog.getArray().exp();
      expALog.attach(m);
      return expALog.neg();
    }

    /**
     * A whole sequence from its start (zero convolution window and scan state): x [B, T, D] -> x +
     * mixer(RMSNorm(x)) [B, T, D], the convolution ({@link CausalConv#sequence}) and the scan
     * ({@link MambaScan}) in Java. The scan's read-out enters the rest of the pass as a leaf; with
     * gradients recorded, so do u and z where the rest of the pass reads them, so that the backward
     * pass reaches the input side of the block once, through the surrogate recorded with {@code
     * model}, and the block reads x through a cut ({@link TrainableModel#cut}), so that the layers
     * before are reached once, after the block's deferred parts. Decoding goes through {@link #step}.
     */
    NDArray apply(NDArray x, NDArray negativeA, TrainableModel model) {
      int b = Math.toIntExact(x.getShape().get(0)), t = Math.toIntExact(x.getShape().get(1));
      NDManager manager = x.getManager();
      boolean gradients = ai.djl.pytorch.jni.JniUtils.isGradMode();
      NDArray in = x, projected = project(x);
      if (gradients) {
        // The projection is read by the convolution and by z, whose gradients arrive in different backward passes.
        NDArray[] leaves = model.cut(x, projected);
        in = leaves[0];
        projected = leaves[1];
      }
      Selection s = select(projected, negativeA, false, model);
      MambaScan scan = new MambaScan(s.delta().toFloatArray(), s.u().toFloatArray(), s.bIn().toFloatArray(), s.cOut().toFloatArray(),
          negativeA.toFloatArray(), b, t, di, n, gradients ? saved : null);
      NDArray ch = manager.create(scan.y(), new Shape(b, t, di)); // C h [B, T, Di]
      if (!gradients) return x.add(output(s, ch));
      ch.setRequiresGradient(true);
      NDArray uLeaf = TrainableModel.leaf(s.u()), zLeaf = TrainableModel.leaf(s.z());
      model.defer(() -> {
        float[] dDelta = new float[b * t * di], dU = new float[b * t * di], dB = new float[b * t * n], dC = new float[b * t * n];
        float[] dA = new float[di * n];
        scan.backward(ch.getGradient().toFloatArray(), dDelta, dU, dB, dC, dA);
        return s.delta().mul(manager.create(dDelta, s.delta().getShape())).sum()
            .add(s.u().mul(manager.create(dU, s.u().getShape()).add(uLeaf.getGradient())).sum())
            .add(s.bIn().mul(manager.create(dB, s.bIn().getShape())).sum())
            .add(s.cOut().mul(manager.create(dC, s.cOut().getShape())).sum())
            .add(negativeA.mul(manager.create(dA, negativeA.getShape())).sum())
            .add(s.z().mul(zLeaf.getGradient()).sum());
      });
      return in.add(output(new Selection(uLeaf, zLeaf, null, null, null), ch));
    }

    /** {@link #apply} one step per position over [B, T, Di, N] arrays: the reference form. */
    NDArray applyStepwise(NDArray x, NDArray negativeA) {
      long b = x.getShape().get(0), t = x.getShape().get(1);
      Selection s = select(project(x), negativeA, true, null);
      NDArray h = x.getManager().zeros(new Shape(b, 1, di, n)); // [B, 1, Di, N]
      NDList decays = decay(s, negativeA).split(t, 1);
      NDList drives = drive(s).split(t, 1);
      NDList hs = new NDList((int) t);
      for (int i = 0; i < t; i++) {
        h = decays.get(i).mul(h).add(drives.get(i));
        hs.add(h);
      }
      NDArray all = t == 1 ? h : NDArrays.concat(hs, 1); // [B, T, Di, N]
      return x.add(output(s, readOut(s, all)));
    }

    /** The layer's weights as {@link MambaDecoder} reads them, copied into {@code m}. */
    MambaDecoder.LayerWeights decodingWeights(NDManager m) {
      return new MambaDecoder.LayerWeights(norm.gain.getArray().toFloatArray(), copy(inProj.getArray(), m), conv.weightValues(),
          conv.biasValues(), copy(xProj.getArray(), m), dtWeight.getArray().toFloatArray(), dtBias.getArray().toFloatArray(),
          negativeA(m).toFloatArray(), skip.getArray().toFloatArray(), copy(outProj.getArray(), m));
    }

    /** The input projected, in_proj(RMSNorm(x)): x [B, T, D] -> [B, T, 2Di] (u, then z). */
    private NDArray project(NDArray x) {
      return Linear.linear(norm.apply(x), inProj.getArray(), null).singletonOrThrow();
    }

    /** What the scan needs of the input: u, the gate z and delta [B, T, Di], B and C [B, T, 1, N]. */
    private record Selection(NDArray u, NDArray z, NDArray delta, NDArray bIn, NDArray cOut) {}

    /**
     * The input side of the block over a whole sequence, from the projected input {@link #project}
     * [B, T, 2Di]: the convolution in Java, deferring its backward pass with {@code model} when
     * gradients are recorded; {@code stacked}: the convolution's reference form.
     */
    private Selection select(NDArray projected, NDArray negativeA, boolean stacked, TrainableModel model) {
      NDList branches = projected.split(2, 2);
      NDArray u = branches.get(0); // [B, T, Di]
      NDArray z = branches.get(1); // [B, T, Di]

      NDArray conv = stacked ? this.conv.applyStacked(u).get(0) : this.conv.sequence(u, model); // [B, T, Di]
      u = silu(conv);

      // The selective part: delta, B and C are functions of the input.
      NDList dbc = Linear.linear(u, xProj.getArray(), null).singletonOrThrow().split(new long[] {rank, rank + n}, 2);
      NDArray delta = Activation.softPlus(Linear.linear(dbc.get(0), dtWeight.getArray(), dtBias.getArray()).singletonOrThrow()); // [B, T, Di]
      NDArray bIn = dbc.get(1).expandDims(2); // [B, T, 1, N]
      NDArray cOut = dbc.get(2).expandDims(2); // [B, T, 1, N]
      return new Selection(u, z, delta, bIn, cOut);
    }

    /** exp(delta A) [B, T, Di, N]. */
    private static NDArray decay(Selection s, NDArray negativeA) {
      return s.delta().expandDims(3).mul(negativeA).exp();
    }

    /** delta B x [B, T, Di, N]. */
    private static NDArray drive(Selection s) {
      return s.delta().mul(s.u()).expandDims(3).mul(s.bIn());
    }

    /** C h [B, T, Di] from the scan states hs [B, T, Di, N], as a broadcast product and a sum (decoding: B matrix-vector products of N = 16 are slow as matMul). */
    private static NDArray readOut(Selection s, NDArray hs) {
      return hs.mul(s.cOut()).sum(new int[] {3});
    }

    /** The block's output from C h [B, T, Di]: out_proj((C h + D u) silu(z)) [B, T, D]. */
    private NDArray output(Selection s, NDArray ch) {
      NDArray y = ch.add(s.u().mul(skip.getArray())); // [B, T, Di]
      return Linear.linear(y.mul(silu(s.z())), outProj.getArray(), null).singletonOrThrow();
    }
  }

  /** delta = softplus(bias) starts log-uniform in [0.001, 0.1], as in the paper: bias = softplus^-1(delta). */
  private static final Initializer STEP_SIZE_BIAS = (manager, shape, type) -> {
    NDArray dt = manager.randomUniform((float) Math.log(1e-3), (float) Math.log(1e-1), shape, type).exp();
    return dt.add(dt.neg().exp().neg().add(1).log()); // dt + log(1 - exp(-dt))
  };

  /** A starts as -(1, 2, ..., N) in every channel (S4D-real). */
  private static final Initializer LOG_ONE_TO_N = (manager, shape, type) ->
      manager.ones(shape, type).mul(manager.arange(1f, shape.get(1) + 1f).log()); // contiguous, unlike broadcast

  /** Root-mean-square normalisation over the last axis with a learned gain: [..., D] -> [..., D]. */
  static final class RmsNorm extends Layer {
    private static final float EPS = 1e-5f;
    private final Parameter gain;

    RmsNorm(long width) {
      gain = parameter("gain", Parameter.Type.GAMMA, ONES, width);
    }

    NDArray apply(NDArray x) {
      NDArray scale = x.square().mean(new int[] {-1}, true).add(EPS).sqrt();
      return x.div(scale).mul(gain.getArray());
    }
  }
}
