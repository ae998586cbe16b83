import json,glob,sys,os
# Markdown rows of the calibration table from committed cell results: python3 calib/table.py DIR...
print("| run | language | model | settings | best step | excess loss | ID in-language | learned | wall s (loaded) |")
print("|---|---|---|---|---|---|---|---|---|")
for d in sys.argv[1:]:
  run=os.path.basename(d.rstrip('/'))
  for f in sorted(glob.glob(d+'/cells/*.json')):
    r=json.load(open(f)); c=r['config']; m=c['modelConfig']; t=c['training']; cv=r['convergence']
    arch=m['architecture']
    size = f"{m.get('layers')}x{m.get('hidden')}" if arch=='lstm' else f"{m.get('layers')}L d{m.get('dModel')}" if 'dModel' in m else ''
    s=f"{arch} {size}, {r['samples']['train']} train, words <= {r['evaluation']['longestWord']}, {t['steps']} steps, batch {t['batchSize']}, lr {t['learningRate']}"
    print(f"| {run} | {c['language']} | {c['model']} | {s} | {r['checkpointStep']} | {cv['excessLoss']:.3f} | {cv['idInLanguage']:.3f} | {'yes' if cv['learned'] else 'no'} | {r['wallSeconds']:.0f} |")
