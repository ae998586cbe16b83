package org.rulex.bench;

/** A stand-in cell process for ParentWatchTest: watches its standard input, then waits forever. */
public final class ParentWatchChild {
  private ParentWatchChild() {}

  public static void main(String[] args) throws InterruptedException {
    ParentWatch.start(System.in, () -> Runtime.getRuntime().halt(3));
    System.out.println("watching");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
