echeancier examples/cpts_echeancier.cible --au 2025-01-01 --au 2026-01-01
