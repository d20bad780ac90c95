export const id = 142;
export const ids = [142];
export const modules = {

/***/ 4142:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findCliOnPath: () => (/* reexport */ which/* findCliOnPath */.w),
  installCli: () => (/* binding */ installCli),
  resolveVersion: () => (/* reexport */ resolveVersion),
  sha256: () => (/* binding */ sha256)
});

// EXTERNAL MODULE: ./src/text/actions.ts + 1 modules
var actions = __webpack_require__(244);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/install/platform.ts
/** Pure helpers for finding the right Hatchet CLI release asset. */

const RELEASES_BASE = 'https://github.com/hatchet-dev/hatchet/releases/download';
const RELEASES_API = 'https://api.github.com/repos/hatchet-dev/hatchet/releases';
const CHECKSUMS_FILE = 'checksums.txt';
const EXACT = /^v?(\d+\.\d+\.\d+)$/;
const STABLE_TAG = /^v(\d+\.\d+\.\d+)$/;
/** `v0.104.7` or `0.104.7` → `0.104.7`; anything else → undefined. */
function normalizeVersion(version) {
    return EXACT.exec(version.trim())?.[1];
}
/**
 * The newest stable CLI release among tags: only `vX.Y.Z` counts (the repo also tags SDKs as
 * `py/…`, `vscode/v…`, and prereleases as `-rc`/`-alpha`).
 */
function newestStableTag(tags) {
    let best;
    for (const tag of tags) {
        const version = STABLE_TAG.exec(tag)?.[1];
        if (version && (!best || semver_default().gt(version, best)))
            best = version;
    }
    return best;
}
/**
 * `version: latest`: the newest stable release whose assets hold this platform's archive and
 * checksums.txt. CLI assets are uploaded by hand to releases of annotated `v*` tags, so a
 * stable release can have none (yet): it is skipped, not reported as the newest.
 */
function latestCliRelease(releases, platform) {
    const complete = [];
    const incomplete = [];
    for (const release of releases) {
        const version = STABLE_TAG.exec(release.tag)?.[1];
        if (!version || release.draft || release.prerelease)
            continue;
        const hasAssets = release.assets.includes(assetName(version, platform)) &&
            release.assets.includes(CHECKSUMS_FILE);
        (hasAssets ? complete : incomplete).push(release.tag);
    }
    const version = newestStableTag(complete);
    const skipped = incomplete
        .filter((tag) => !version || semver_default().gt(tag, version))
        .sort((a, b) => semver_default().rcompare(a, b));
    return { version, skipped };
}
/** From the runner's `RUNNER_OS`/`RUNNER_ARCH`, or Node's `process.platform`/`process.arch`. */
function detectPlatform(runnerOs, runnerArch, nodePlatform, nodeArch) {
    const osName = (runnerOs || nodePlatform).toLowerCase();
    const archName = (runnerArch || nodeArch).toLowerCase();
    const os = osName === 'linux'
        ? 'Linux'
        : osName === 'macos' || osName === 'darwin'
            ? 'Darwin'
            : osName === 'windows' || osName === 'win32'
                ? 'Windows'
                : undefined;
    const arch = archName === 'x64' ? 'x86_64' : archName === 'arm64' ? 'arm64' : undefined;
    if (!os)
        throw new Error(`The Hatchet CLI has no build for the operating system '${runnerOs || nodePlatform}' (Linux, macOS and Windows only).`);
    if (!arch)
        throw new Error(`The Hatchet CLI has no build for the architecture '${runnerArch || nodeArch}' (x64 and arm64 only).`);
    if (os === 'Windows' && arch === 'arm64') {
        throw new Error('The Hatchet CLI has no Windows arm64 build: use an x64 Windows runner, or Linux/macOS.');
    }
    return { os, arch };
}
function assetName(version, platform) {
    const extension = platform.os === 'Windows' ? 'zip' : 'tar.gz';
    return `hatchet_${version}_${platform.os}_${platform.arch}.${extension}`;
}
function binaryName(platform) {
    return platform.os === 'Windows' ? 'hatchet.exe' : 'hatchet';
}
/**
 * The SHA-256 of `fileName` in a `checksums.txt` (`<64 hex>  <name>` per line). Fails closed: a
 * missing or duplicated entry is an error, never "no check".
 */
function checksumFor(checksums, fileName) {
    const matches = [];
    for (const line of checksums.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
        if (match && match[2] === fileName)
            matches.push(match[1].toLowerCase());
    }
    if (matches.length === 0)
        throw new Error(`checksums.txt has no line for ${fileName}`);
    if (new Set(matches).size > 1)
        throw new Error(`checksums.txt lists ${fileName} more than once, with different hashes`);
    return matches[0];
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./src/install/releases.ts



/** The fields of GitHub's "list releases" answer that picking `latest` reads; others pass. */
const releasesSchema = schemas/* array */.YOg(schemas/* object */.Ikc({
    tag_name: schemas/* string */.YjP(),
    draft: schemas/* boolean */.zMY().optional(),
    prerelease: schemas/* boolean */.zMY().optional(),
    assets: schemas/* array */.YOg(schemas/* object */.Ikc({ name: schemas/* string */.YjP() })).optional(),
}));
/** The platform of the runner this step runs on. */
function currentPlatform(env) {
    return detectPlatform(env.RUNNER_OS, env.RUNNER_ARCH, process.platform, process.arch);
}
/**
 * `X.Y.Z` for an exact `version` input; for `latest`, the newest stable release whose assets
 * hold this platform's archive and checksums.txt.
 */
async function resolveVersion(options, platform = currentPlatform(options.env ?? process.env)) {
    if (options.version !== 'latest')
        return exactVersion(options.version);
    const api = options.releasesApi ?? RELEASES_API;
    const headers = apiHeaders(api, options.githubToken);
    const releases = [];
    let latest = { version: undefined, skipped: [] };
    for (let page = 1; page <= 3; page++) {
        const listed = await releasePage(api, page, headers);
        releases.push(...listed);
        latest = latestCliRelease(releases, platform);
        // Releases come newest first: stop at the first page with a CLI release, or the last page.
        if (latest.version || listed.length < 100)
            break;
    }
    return chosenVersion(latest, platform, api);
}
/** `X.Y.Z` from `X.Y.Z` or `vX.Y.Z`; anything else is refused. */
function exactVersion(input) {
    const exact = normalizeVersion(input);
    if (!exact)
        throw new Error(`Input \`version\` accepts \`latest\`, \`X.Y.Z\` or \`vX.Y.Z\`; not '${input}'.`);
    return exact;
}
/** The request headers for the releases API, the token among them for GitHub's own host. */
function apiHeaders(api, githubToken) {
    const headers = {
        accept: 'application/vnd.github+json',
        'user-agent': 'hatchet-replay-action',
    };
    // The token goes to GitHub's own API host only, never to a mirror or anything else.
    if (githubToken && new URL(api).hostname === 'api.github.com') {
        headers.authorization = `Bearer ${githubToken}`;
    }
    return headers;
}
/** One page (100 releases) of the releases API, each reduced to what picking `latest` reads. */
async function releasePage(api, page, headers) {
    const url = `${api}?per_page=100&page=${page}`;
    let response;
    try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    }
    catch (error) {
        throw new Error(`Could not list Hatchet CLI releases at ${api} to resolve \`version: latest\`: ${error.message}. Pin a version (e.g. \`version: 0.104.7\`).`, { cause: error });
    }
    if (response.status === 403 || response.status === 429) {
        throw new Error(`GitHub's API rate limit stopped the action from resolving \`version: latest\` (HTTP ${response.status}). Pass \`github-token\` (the default \`github.token\` raises the limit) or pin a version such as \`version: 0.104.7\`.`);
    }
    if (!response.ok) {
        throw new Error(`Listing Hatchet CLI releases at ${api} failed with HTTP ${response.status}; pin a version (e.g. \`version: 0.104.7\`) to skip this lookup.`);
    }
    const parsed = releasesSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
        throw new Error(`Listing Hatchet CLI releases at ${api} gave an answer that is not a list of releases; pin a version (e.g. \`version: 0.104.7\`) to skip this lookup.`);
    }
    return parsed.data.map((release) => ({
        tag: release.tag_name,
        draft: release.draft ?? false,
        prerelease: release.prerelease ?? false,
        assets: (release.assets ?? []).map((asset) => asset.name),
    }));
}
/** The version `latest` picked, saying which newer releases it passed over; none is an error. */
function chosenVersion(latest, platform, api) {
    const where = `${platform.os} ${platform.arch}`;
    if (!latest.version) {
        throw new Error(`No stable Hatchet CLI release (tag vX.Y.Z) with assets for ${where} and ${CHECKSUMS_FILE} was found at ${api}.`);
    }
    if (latest.skipped.length > 0) {
        actions/* info */.pq(`Newest Hatchet CLI release with assets for ${where}: v${latest.version} (skipped ${latest.skipped.join(', ')}: no CLI assets for ${where} yet).`);
    }
    return latest.version;
}

;// CONCATENATED MODULE: ./src/install/cache.ts


/** The name the CLI is cached under in the runner's tool cache. */
const TOOL = 'hatchet';
/**
 * The tool cache's folder for this exact version and arch, when an install there completed:
 * where `@actions/tool-cache`'s `cacheDir` puts a tool and its `find` looks for it
 * (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>` beside a `.complete` marker). Looked up here
 * so that a step that finds the CLI cached never loads the tool cache and its HTTP client;
 * undefined sends the installer down its usual path (`tc.find` first).
 */
function cachedTool(version, arch, env = process.env) {
    const root = env.RUNNER_TOOL_CACHE;
    if (!root)
        return undefined;
    const dir = (0,external_node_path_.join)(root, TOOL, version, arch);
    return (0,external_node_fs_.existsSync)(`${dir}.complete`) && (0,external_node_fs_.existsSync)(dir) ? dir : undefined;
}

// EXTERNAL MODULE: ./src/install/which.ts
var which = __webpack_require__(2630);
;// CONCATENATED MODULE: ./src/install/install.ts








/** The tool cache (and the HTTP client it downloads with): loaded only when the CLI is not cached. */
const toolCache = () => __webpack_require__.e(/* import() */ 121).then(__webpack_require__.bind(__webpack_require__, 7121));
/**
 * Installs the Hatchet CLI into the tool cache (checksum-verified) and puts it on PATH. The
 * download and its extraction live in one temporary directory, removed when done — or as soon
 * as `signal` aborts, since the tool cache's downloads cannot be stopped.
 */
async function installCli(options, signal) {
    const env = options.env ?? process.env;
    const platform = currentPlatform(env);
    const version = await resolveVersion(options, platform);
    const found = (dir) => {
        actions/* addPath */.fM(dir);
        return { binary: (0,external_node_path_.join)(dir, binaryName(platform)), version, fromCache: true };
    };
    const hit = cachedTool(version, platform.arch, env);
    if (hit)
        return found(hit);
    const tc = await toolCache();
    const cached = tc.find(TOOL, version, platform.arch);
    if (cached)
        return found(cached);
    signal?.throwIfAborted();
    const temp = env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    (0,external_node_fs_.mkdirSync)(temp, { recursive: true });
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(temp, 'hatchet-download-'));
    const removeWork = () => {
        try {
            (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
        }
        catch {
            // A file still open (Windows): RUNNER_TEMP is emptied after the job.
        }
    };
    signal?.addEventListener('abort', removeWork, { once: true });
    try {
        const base = options.downloadUrl ?? RELEASES_BASE;
        const dir = await downloadVerified(base, version, platform, work, signal);
        const toolDir = await tc.cacheDir(dir, TOOL, version, platform.arch);
        actions/* addPath */.fM(toolDir);
        return { binary: (0,external_node_path_.join)(toolDir, binaryName(platform)), version, fromCache: false };
    }
    finally {
        signal?.removeEventListener('abort', removeWork);
        removeWork();
    }
}
/** Downloads the archive and checksums.txt into `work`, verifies the hash, then extracts. */
async function downloadVerified(base, version, platform, work, signal) {
    const tag = `v${version}`;
    const asset = assetName(version, platform);
    const archiveUrl = `${base}/${tag}/${asset}`;
    const checksumsUrl = `${base}/${tag}/${CHECKSUMS_FILE}`;
    const archive = await download({ url: archiveUrl, file: asset, tag, platform, work, signal }, (message) => `Downloading the Hatchet CLI ${tag} from ${archiveUrl} failed: ${message}`);
    const checksums = await download({ url: checksumsUrl, file: CHECKSUMS_FILE, tag, platform, work, signal }, (message) => `Downloading ${checksumsUrl} failed (${message}): the CLI cannot be verified, so it is not installed.`);
    const expected = expectedChecksum(checksums, asset, checksumsUrl);
    const actual = await sha256(archive);
    if (actual !== expected) {
        throw new Error(`Checksum mismatch for ${asset} from ${archiveUrl}: expected sha256 ${expected}, got ${actual}. The download is corrupt or was tampered with; it was not installed.`);
    }
    return extract(archive, asset, platform, (0,external_node_path_.join)(work, 'cli'));
}
/**
 * Downloads one asset of the release `tag` into `work`; a 404 says that release has no CLI
 * assets for this platform, any other failure is worded by `failed`. Nothing goes on once the
 * job is cancelled (the next step would write into `work` again, after its removal).
 */
async function download(asset, failed) {
    const { url, file, tag, platform, work, signal } = asset;
    const tc = await toolCache();
    try {
        const path = await tc.downloadTool(url, (0,external_node_path_.join)(work, file));
        signal?.throwIfAborted();
        return path;
    }
    catch (error) {
        if (signal?.aborted)
            throw error;
        // CLI assets are published by hand, after the tag: a release can exist without them.
        if (error instanceof tc.HTTPError && error.httpStatusCode === 404) {
            throw new Error(`The Hatchet CLI ${tag} has no asset ${file} (404 at ${url}): that release has no CLI assets for ${platform.os} ${platform.arch}. Set \`version\` to another release (\`latest\` picks the newest one that has them).`, { cause: error });
        }
        throw new Error(failed(error.message), { cause: error });
    }
}
/** The sha256 that the downloaded checksums.txt lists for `asset`. */
function expectedChecksum(checksums, asset, checksumsUrl) {
    try {
        return checksumFor((0,external_node_fs_.readFileSync)(checksums, 'utf8'), asset);
    }
    catch (error) {
        throw new Error(`${error.message} (${checksumsUrl}): the CLI cannot be verified, so it is not installed.`, { cause: error });
    }
}
/** Extracts the verified archive (zip on Windows, tar elsewhere); its root holds the binary. */
async function extract(archive, asset, platform, into) {
    const tc = await toolCache();
    const dir = platform.os === 'Windows'
        ? await tc.extractZip(archive, into)
        : await tc.extractTar(archive, into);
    const binary = (0,external_node_path_.join)(dir, binaryName(platform));
    if (!(0,external_node_fs_.existsSync)(binary)) {
        throw new Error(`The archive ${asset} has no ${binaryName(platform)} at its root.`);
    }
    return dir;
}
function sha256(file) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        (0,external_node_fs_.createReadStream)(file)
            .on('data', (chunk) => hash.update(chunk))
            .on('error', reject)
            .on('end', () => resolve(hash.digest('hex')));
    });
}




/***/ })

};
