#!/usr/bin/env bash
# action.yml, step "resil audit": one collection (a snapshot, unless INPUT_SNAPSHOT names one), then
# one audit writing a report per format, then the step's outputs. Exits with resil audit's exit code, after
# every report is written, so the upload steps (if: always()) still find them.
# Inputs (env): INPUT_REGIONS, INPUT_AWS_REGION, INPUT_FAIL_ON, INPUT_FORMATS, INPUT_OUTPUT_DIR,
# INPUT_CONFIG, INPUT_SNAPSHOT; GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as GitHub sets them.
set -uo pipefail

out_dir="${INPUT_OUTPUT_DIR:-resil-reports}"
fail_on="${INPUT_FAIL_ON:-high}"
formats="${INPUT_FORMATS:-json,sarif,junit,markdown}"
github_output="${GITHUB_OUTPUT:-/dev/null}"
mkdir -p "$out_dir"

config=()
[ -n "${INPUT_CONFIG:-}" ] && config=(--config "$INPUT_CONFIG")

# 1. The inventory: a saved snapshot, or one live collection (exit 3 = incomplete: still written).
snapshot="${INPUT_SNAPSHOT:-}"
if [ -z "$snapshot" ]; then
  snapshot="$out_dir/resil.snapshot.json"
  where=(--all-regions)
  [ -n "${INPUT_REGIONS:-}" ] && where=(--region "$INPUT_REGIONS")
  AWS_REGION="${AWS_REGION:-${INPUT_AWS_REGION:-us-east-1}}" resil snapshot "${where[@]}" --output "$snapshot"
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    echo "exit-code=$rc" >>"$github_output"
    exit "$rc"
  fi
fi
echo "snapshot=$snapshot" >>"$github_output"

# 2. Every report from one audit of that inventory (--output-dir: one file per format, written
#    atomically), so the findings and the exit code agree across formats.
ext() { case "$1" in json) echo json ;; sarif) echo sarif ;; junit) echo xml ;; markdown) echo md ;; *) return 1 ;; esac; }
list=()
IFS=',' read -ra wanted <<<"$formats"
for raw in "${wanted[@]}"; do
  format="$(echo "$raw" | tr -d '[:space:]')"
  [ -z "$format" ] && continue
  if ! ext "$format" >/dev/null; then
    echo "::error title=resil::unknown format \"$format\" in formats (use json, sarif, junit, markdown)"
    echo "exit-code=2" >>"$github_output"
    exit 2
  fi
  list+=("$format")
done
if [ "${#list[@]}" -eq 0 ]; then
  # No format asked for: the verdict alone.
  resil audit --snapshot "$snapshot" "${config[@]}" --format json --fail-on "$fail_on" --quiet >/dev/null
  code=$?
else
  joined="$(IFS=','; echo "${list[*]}")"
  resil audit --snapshot "$snapshot" "${config[@]}" --format "$joined" --output-dir "$out_dir" --fail-on "$fail_on" --quiet
  code=$?
  if [ "$code" -ne 2 ]; then
    for format in "${list[@]}"; do
      file="$out_dir/resil.$(ext "$format")"
      echo "$format=$file" >>"$github_output"
      if [ "$format" = markdown ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$file" >>"$GITHUB_STEP_SUMMARY"; fi
    done
  fi
fi
echo "exit-code=$code" >>"$github_output"
exit "$code"
