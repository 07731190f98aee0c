#!/usr/bin/env bash
# Packs the library packages (Distral.Tensors, Distral.Nn, Distral.Envs, Distral.Agents, Distral.Experiments)
# and the `distral` .NET tool into one folder, then proves the tool works: installs it from that folder into a
# temporary tool path and runs `distral --help` and `distral env list`.
#
# usage: scripts/pack.sh [--out DIR] [--version-suffix SUFFIX] [--keep-tool]
#   --out             where the .nupkg files go (default artifacts/packages)
#   --version-suffix  prerelease label, e.g. preview.1 -> 0.1.0-preview.1 (the version itself is
#                     VersionPrefix in Directory.Build.props)
#   --keep-tool       keep the temporary tool install and print its path
# Build outputs go to $DISTRAL_ARTIFACTS (default artifacts/build), so bin/ and obj/ stay clean.
set -euo pipefail

cd "$(dirname "$0")/.."
out=artifacts/packages
suffix=""
keep_tool=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --version-suffix) suffix="$2"; shift 2 ;;
        --keep-tool) keep_tool=true; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "pack.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
artifacts="${DISTRAL_ARTIFACTS:-artifacts/build}"

version=$(dotnet msbuild src/Distral.Cli/Distral.Cli.csproj -nologo -getProperty:VersionPrefix)
[[ -n "$suffix" ]] && version="$version-$suffix"
echo "pack.sh: version $version -> $out"

# Old packages of ours would make the folder ambiguous; nothing else in it is touched.
mkdir -p "$out"
rm -f "$out"/Distral.*.nupkg "$out"/distral.*.nupkg
pack_args=(-c Release -o "$out" --artifacts-path "$artifacts" -nologo -v quiet)
[[ -n "$suffix" ]] && pack_args+=(--version-suffix "$suffix")
dotnet pack Distral.slnx "${pack_args[@]}"

expected=(Distral.Tensors Distral.Nn Distral.Envs Distral.Agents Distral.Experiments distral)
for id in "${expected[@]}"; do
    package="$out/$id.$version.nupkg"
    [[ -f "$package" ]] || { echo "pack.sh: missing $package" >&2; exit 1; }
    # Every package carries its README (PackageReadmeFile); nuget.org shows it as the package page.
    listing=$(unzip -l "$package")   # (not piped into grep -q: with pipefail, its early exit fails the pipe)
    [[ "$listing" == *" README.md"* ]] || { echo "pack.sh: $package has no README.md" >&2; exit 1; }
done
unexpected=$(find "$out" -maxdepth 1 -name '*.nupkg' | grep -Ei 'tests|benchmarks' || true)
[[ -z "$unexpected" ]] || { echo "pack.sh: test or benchmark projects were packed: $unexpected" >&2; exit 1; }
ls -1 "$out"/*.nupkg

# Install as a user would, from the folder only. A private NuGet cache makes sure we test the package just
# built, not an older one cached under the same version.
tool_dir=$(mktemp -d /tmp/distral-tool.XXXXXX)
if [[ "$keep_tool" == false ]]; then trap 'rm -rf "$tool_dir"' EXIT; fi
NUGET_PACKAGES="$tool_dir/.nuget" dotnet tool install --tool-path "$tool_dir" --add-source "$out" distral --version "$version"
echo "pack.sh: \$ distral --help"
"$tool_dir/distral" --help
echo "pack.sh: \$ distral env list"
"$tool_dir/distral" env list
[[ "$keep_tool" == true ]] && echo "pack.sh: the tool stays installed in $tool_dir"
echo "pack.sh: OK, $((${#expected[@]})) packages of version $version in $out"
