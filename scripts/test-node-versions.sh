#!/usr/bin/env bash
# Runs test projects under other Node majors than the machine's (default: the core and kysely
# projects under Node 22 and 24). Each Node comes from the npm registry as the `node-<os>-<arch>`
# package, which also carries the headers needed to compile better-sqlite3 for that Node's ABI.
# Below Node 24 the installed better-sqlite3 version is compiled for that ABI (cached); on Node 24+,
# where better-sqlite3 <= 12 aborts the process when statements are collected (WiseLibs/better-sqlite3
# #1515), better-sqlite3 13 (Node-API, prebuilt in its npm package) stands in for it. Either is
# loaded through scripts/better-sqlite3-abi.cjs.
#
# Usage: scripts/test-node-versions.sh            (from anywhere; run `pnpm install` first)
# Env:   IDENTITY_NODE_VERSIONS="22 24"  IDENTITY_NODE_PROJECTS="core kysely"
#        IDENTITY_NODE_CACHE=~/.cache/identity-node-versions
# First run per machine: about two minutes per version to download Node and compile the addon.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
versions=${IDENTITY_NODE_VERSIONS:-"22 24"}
projects=${IDENTITY_NODE_PROJECTS:-"core kysely"}
cache=${IDENTITY_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/identity-node-versions}
mkdir -p "$cache"

platform=$(node -p 'process.platform + "-" + process.arch')
bs3=$(node -p 'require("fs").realpathSync(require("path").dirname(require.resolve("better-sqlite3/package.json", { paths: [process.argv[1]] })))' "$root/packages/kysely")
bs3_version=$(node -p 'require(process.argv[1]).version' "$bs3/package.json")
node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"

log() { printf '[test-node-versions] %s\n' "$*" >&2; }

# The newest Node of a major from the registry; prints the directory holding bin/node and include/.
install_node() {
	local major=$1 dir="$cache/node-$1"
	if [ ! -x "$dir/node_modules/node-$platform/bin/node" ]; then
		log "installing node-$platform@$major from the npm registry"
		npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "node-$platform@$major" >/dev/null
	fi
	echo "$dir/node_modules/node-$platform"
}

# better-sqlite3's addon compiled for this Node's ABI (cached by package version and ABI).
build_addon() {
	local nodedir=$1 node_bin="$1/bin/node" abi
	abi=$("$node_bin" -p process.versions.modules)
	local addon="$cache/better_sqlite3-$bs3_version-abi$abi-$platform.node"
	if [ ! -f "$addon" ]; then
		log "compiling better-sqlite3 $bs3_version for Node ABI $abi"
		local src="$cache/better-sqlite3-src-abi$abi"
		rm -rf "$src" && mkdir -p "$src"
		cp -r "$bs3/binding.gyp" "$bs3/src" "$bs3/deps" "$bs3/package.json" "$src/"
		(cd "$src" && PATH="$nodedir/bin:$PATH" "$node_bin" "$node_gyp" rebuild --release --nodedir="$nodedir" -j 2 >"$src/build.log" 2>&1) || {
			tail -n 40 "$src/build.log" >&2
			return 1
		}
		cp "$src/build/Release/better_sqlite3.node" "$addon.tmp" && mv "$addon.tmp" "$addon"
		rm -rf "$src"
	fi
	echo "$addon"
}

# better-sqlite3 13 (Node-API: one prebuilt addon for every Node >= 22), installed once into the cache.
install_bs3_13() {
	local dir="$cache/better-sqlite3-13"
	if [ ! -f "$dir/node_modules/better-sqlite3/package.json" ]; then
		log "installing better-sqlite3@13 from the npm registry"
		PATH="$1/bin:$PATH" npm_config_nodedir="$1" npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error better-sqlite3@13 >/dev/null
	fi
	echo "$dir/node_modules/better-sqlite3"
}

project_args=()
for project in $projects; do project_args+=(--project "$project"); done

status=0
for major in $versions; do
	start=$SECONDS
	nodedir=$(install_node "$major")
	if [ "$major" -ge 24 ]; then
		sqlite_env=(IDENTITY_BETTER_SQLITE3_PACKAGE="$(install_bs3_13 "$nodedir")" IDENTITY_BETTER_SQLITE3_REPLACES="$bs3")
		sqlite_note="better-sqlite3 13 in place of $bs3_version"
	else
		sqlite_env=(IDENTITY_BETTER_SQLITE3_BINDING="$(build_addon "$nodedir")")
		sqlite_note="better-sqlite3 $bs3_version compiled for this Node"
	fi
	log "Node $("$nodedir/bin/node" --version): vitest run ${project_args[*]} ($sqlite_note)"
	if env PATH="$nodedir/bin:$PATH" "${sqlite_env[@]}" NODE_OPTIONS="--require $root/scripts/better-sqlite3-abi.cjs ${NODE_OPTIONS:-}" \
		"$nodedir/bin/node" "$root/node_modules/vitest/vitest.mjs" run "${project_args[@]}"; then
		log "Node $major: passed in $((SECONDS - start)) s"
	else
		log "Node $major: FAILED after $((SECONDS - start)) s"
		status=1
	fi
done
exit $status
