package org.rulex.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** libtorch's thread counts, and the versions that figures and model cards should mention. */
public final class EngineSettings {
  private EngineSettings() {}

  /**
   * Sets libtorch's intra-op and inter-op thread counts. Call before anything else touches DJL:
   * the inter-op count is read once, when the engine starts (the intra-op count is applied again
   * afterwards, so it takes effect in any case). On the project's 2-core machines, one thread a
   * process is fastest under load.
   */
  public static void useThreads(int threads) {
    if (threads < 1) throw new org.rulex.UserError("--threads must be at least 1, not " + threads);
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
    Engine.getInstance();
    JniUtils.setNumThreads(threads);
  }

  /** For example "DJL 0.35.0, libtorch 2.7.1, 1 thread". */
  public static String describe() {
    int threads = JniUtils.getNumThreads();
    return "DJL " + Engine.getDjlVersion() + ", libtorch " + Engine.getInstance().getVersion() + ", " + threads
        + (threads == 1 ? " thread" : " threads");
  }
}
