// The node-llama-cpp side of `flowlens bench inference --compare-node`. It runs the same GGUF on the same
// prebuilt llama.cpp (node-llama-cpp resolves @node-llama-cpp/linux-x64 by walking up to the repository's
// node_modules, the folder FlowLens loads libllama from), with the same threads, context and batch size, and
// prints one JSON line per measured run:
//   {"side":"node-llama-cpp","promptTokens":N,"generatedTokens":N,"prefillMs":..,"decodeMs":..,"decodeCpuMsPerToken":..,"decodeTokensPerSecond":..}
// decodeCpuMsPerToken is process CPU time (user + system) from the first token to the last over the tokens: unlike
// wall-clock speed it barely moves when other processes compete for the cores.
// Usage: node bench.mjs --model FILE --threads N --tokens N --runs N --context N --batch N --prompt-file FILE
// Nothing is built or downloaded: getLlama({ build: "never" }) uses the prebuilt binaries or fails.
import fs from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
}, []));
const threads = Number(args.threads ?? 1);
const tokens = Number(args.tokens ?? 64);
const runs = Number(args.runs ?? 1);
const contextSize = Number(args.context ?? 2048);
const batchSize = Number(args.batch ?? 512);
const prompt = fs.readFileSync(args["prompt-file"], "utf8");

// Which prebuilt package node-llama-cpp will load, resolved exactly as it does (from its own location).
const nlcEntry = createRequire(import.meta.url).resolve("node-llama-cpp");
let binaries = "unknown";
try {
    const prebuilt = await import(import.meta.resolve("@node-llama-cpp/linux-x64", pathToFileURL(nlcEntry).href));
    // node-llama-cpp loads the CPU build (gpu: false) from the "linux-x64" folder of that package.
    binaries = `${prebuilt.getBinsDir().binsDir}/linux-x64`;
} catch (error) {
    binaries = `unknown (${error.message})`;
}

const llama = await getLlama({ gpu: false, build: "never", usePrebuiltBinaries: true, logLevel: LlamaLogLevel.error, maxThreads: threads });
const model = await llama.loadModel({ modelPath: args.model, gpuLayers: 0 });
const context = await model.createContext({
    contextSize,
    batchSize,
    sequences: 1,
    threads: { ideal: threads, min: threads },
    flashAttention: "auto",
});
const sequence = context.getSequence();
const promptTokens = model.tokenize(prompt, true);
if (model.tokens.bos != null && promptTokens[0] !== model.tokens.bos) promptTokens.unshift(model.tokens.bos);

console.log(JSON.stringify({ side: "node-llama-cpp", info: true, buildType: llama.buildType, binaries, cpu: llama.cpuMathCores, threads: context.currentThreads }));

async function measure(count) {
    await sequence.clearHistory();
    const started = performance.now();
    let first = 0;
    let firstCpu = null;
    let produced = 0;
    // Greedy, like FlowLens' temperature 0: the first yield comes after prefill + one sample, every later yield after
    // one decode + one sample, so (count) tokens are timed from the first yield to the (count + 1)-th.
    for await (const token of sequence.evaluate(promptTokens, { temperature: 0 })) {
        void token;
        produced++;
        if (produced === 1) {
            first = performance.now();
            firstCpu = process.cpuUsage();
        }
        if (produced > count) break;
    }
    const done = performance.now();
    const cpu = process.cpuUsage(firstCpu);
    return { prefillMs: first - started, decodeMs: done - first, decodeCpuMs: (cpu.user + cpu.system) / 1000, generated: produced - 1 };
}

await measure(8); // warm-up: page in the weights, size the buffers
for (let i = 0; i < runs; i++) {
    const { prefillMs, decodeMs, decodeCpuMs, generated } = await measure(tokens);
    console.log(JSON.stringify({
        side: "node-llama-cpp",
        promptTokens: promptTokens.length,
        generatedTokens: generated,
        prefillMs,
        decodeMs,
        decodeCpuMsPerToken: decodeCpuMs / generated,
        prefillTokensPerSecond: promptTokens.length / (prefillMs / 1000),
        decodeTokensPerSecond: generated / (decodeMs / 1000),
    }));
}

await context.dispose();
await model.dispose();
await llama.dispose();
