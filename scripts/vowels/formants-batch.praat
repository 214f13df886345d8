# Praat reference formants for scripts/vowels/build-vowel-table.mjs (docs/oscillators.md §5).
# Reads a tab-separated list "wav<TAB>t1<TAB>t2<TAB>maxFormant" and writes "f1<TAB>f2" per line (Hz,
# mean over [t1, t2] of To Formant (burg): time step auto, 5 formants, max formant, 25 ms, 50 Hz).
form batch
  sentence list
  sentence out
endform
strings = Read Strings from raw text file: list$
n = Get number of strings
writeFile: out$, ""
for i to n
  selectObject: strings
  line$ = Get string: i
  tab1 = index(line$, tab$)
  path$ = left$(line$, tab1 - 1)
  rest$ = mid$(line$, tab1 + 1, length(line$))
  tab2 = index(rest$, tab$)
  t1 = number(left$(rest$, tab2 - 1))
  rest2$ = mid$(rest$, tab2 + 1, length(rest$))
  tab3 = index(rest2$, tab$)
  t2 = number(left$(rest2$, tab3 - 1))
  maxf = number(mid$(rest2$, tab3 + 1, length(rest2$)))
  s = Read from file: path$
  f = To Formant (burg): 0, 5, maxf, 0.025, 50
  f1 = Get mean: 1, t1, t2, "hertz"
  f2 = Get mean: 2, t1, t2, "hertz"
  appendFileLine: out$, fixed$(f1, 2), tab$, fixed$(f2, 2)
  removeObject: s, f
endfor
