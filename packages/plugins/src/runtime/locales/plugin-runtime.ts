/**
 * Messages of the sandbox runtime, the local test harness and the static scan, in the host's three
 * languages. The runtime itself returns codes and parameters only; whoever shows a result (CLI,
 * platform developer pages, the save that a fail-closed hook blocked) renders `pluginRuntime.<group>.<code>`
 * with these texts. Register as the `pluginRuntime` namespace next to core's i18n namespaces.
 */
type Group = Readonly<Record<string, string>>;
type Tree = Readonly<Record<string, Group>>;
type SameShape<T extends Tree> = { readonly [G in keyof T]: { readonly [K in keyof T[G]]: string } };

function defineRuntimeMessages<const T extends Tree>(zhCN: T, others: { "zh-TW": SameShape<T>; en: SameShape<T> }) {
  return { "zh-CN": zhCN, ...others };
}

export const pluginRuntime = defineRuntimeMessages(
  {
    invocation: {
      cpu_limit: "插件钩子“{{hook}}”运行超时：CPU 时间超过 {{limitMs}} 毫秒的上限。",
      memory_limit: "插件钩子“{{hook}}”内存超限：超过 {{limitMb}} MB 的上限。",
      load_cpu_limit: "插件代码加载超时：顶层代码的 CPU 时间超过 {{limitMs}} 毫秒。",
      load_memory_limit: "插件代码加载时内存超过 {{limitMb}} MB 的上限。",
      load_failed: "插件代码加载失败：顶层代码抛出了错误。",
      hook_threw: "插件钩子“{{hook}}”抛出了错误。",
      stack_overflow: "插件钩子“{{hook}}”调用层级过深（栈溢出）。",
      sandbox_crashed: "插件沙箱意外崩溃，已重建。",
      missing_hook: "插件代码中没有名为“{{hook}}”的钩子（definePlugin 的 hooks 里缺少它）。",
      hook_not_declared: "清单中没有声明名为“{{hook}}”的钩子。",
      too_many_read_rounds: "插件钩子“{{hook}}”读取数据的轮次超过 {{limit}} 轮。",
      too_many_reads: "插件钩子“{{hook}}”在一次调用中读取记录超过 {{limit}} 次。",
      output_too_large: "插件钩子“{{hook}}”的返回值超过 {{limitKb}} KB。",
      output_not_serialisable: "插件钩子“{{hook}}”的返回值无法转换为 JSON。",
      output_async: "插件钩子“{{hook}}”返回了 Promise：钩子必须同步返回结果。",
      output_invalid: "插件钩子“{{hook}}”的返回值格式不正确。",
      intent_invalid: "插件钩子“{{hook}}”返回的第 {{index}} 个操作格式不正确，已拒绝。",
    },
    integrity: {
      hash_mismatch: "插件包“{{pluginId}}@{{version}}”的内容与签名时不一致，已拒绝加载。",
      bad_signature: "插件包“{{pluginId}}@{{version}}”的签名无效，已拒绝加载。",
      unsigned: "插件包“{{pluginId}}@{{version}}”未经平台签名，已拒绝加载。",
      invalid_key: "平台的插件签名密钥格式不正确（需要 base64 编码的 Ed25519 DER 密钥）。",
      invalid_manifest: "插件包的清单缺少 id 或 version，无法签名或校验。",
    },
    test: {
      assertion_failed: "断言失败：expect(实际值).{{matcher}}(期望值)，期望 {{expected}}，实际 {{received}}。",
      assertion_failed_not: "断言失败：expect(实际值).not.{{matcher}}(期望值)，期望不是 {{expected}}，实际 {{received}}。",
      test_threw: "测试抛出了错误。",
      outside_sandbox: "invoke() 只能在 qudao-plugin test 的沙箱中调用。",
      unknown_hook: "测试调用了清单中没有声明的钩子“{{hook}}”。",
    },
    scan: {
      syntax_error: "代码无法解析：{{detail}}",
      eval: "使用了 eval。",
      function_constructor: "使用了 Function 构造函数（动态生成代码）。",
      dynamic_import: "使用了动态 import()。",
      module_syntax: "使用了 import / export 模块语法：钩子代码必须打包为一个 IIFE 文件。",
      require: "使用了 require：插件不能加载模块。",
      node_global: "使用了 Node.js 全局对象“{{name}}”，沙箱中没有它。",
      webassembly: "使用了 WebAssembly。",
      network: "使用了网络接口“{{name}}”：插件不能直接访问网络。",
      shared_memory: "使用了共享内存接口“{{name}}”。",
      timers: "使用了定时器“{{name}}”：钩子是同步执行的，沙箱中没有定时器。",
      prototype_tampering: "修改了对象原型（“{{name}}”）。",
      host_internals: "访问了宿主内部名称“{{name}}”。",
    },
  },
  {
    "zh-TW": {
      invocation: {
        cpu_limit: "外掛鉤子「{{hook}}」執行逾時：CPU 時間超過 {{limitMs}} 毫秒的上限。",
        memory_limit: "外掛鉤子「{{hook}}」記憶體超限：超過 {{limitMb}} MB 的上限。",
        load_cpu_limit: "外掛程式碼載入逾時：頂層程式碼的 CPU 時間超過 {{limitMs}} 毫秒。",
        load_memory_limit: "外掛程式碼載入時記憶體超過 {{limitMb}} MB 的上限。",
        load_failed: "外掛程式碼載入失敗：頂層程式碼拋出了錯誤。",
        hook_threw: "外掛鉤子「{{hook}}」拋出了錯誤。",
        stack_overflow: "外掛鉤子「{{hook}}」呼叫層級過深（堆疊溢位）。",
        sandbox_crashed: "外掛沙箱意外當機，已重建。",
        missing_hook: "外掛程式碼中沒有名為「{{hook}}」的鉤子（definePlugin 的 hooks 裡缺少它）。",
        hook_not_declared: "清單中沒有宣告名為「{{hook}}」的鉤子。",
        too_many_read_rounds: "外掛鉤子「{{hook}}」讀取資料的輪次超過 {{limit}} 輪。",
        too_many_reads: "外掛鉤子「{{hook}}」在一次呼叫中讀取記錄超過 {{limit}} 次。",
        output_too_large: "外掛鉤子「{{hook}}」的回傳值超過 {{limitKb}} KB。",
        output_not_serialisable: "外掛鉤子「{{hook}}」的回傳值無法轉換為 JSON。",
        output_async: "外掛鉤子「{{hook}}」回傳了 Promise：鉤子必須同步回傳結果。",
        output_invalid: "外掛鉤子「{{hook}}」的回傳值格式不正確。",
        intent_invalid: "外掛鉤子「{{hook}}」回傳的第 {{index}} 個操作格式不正確，已拒絕。",
      },
      integrity: {
        hash_mismatch: "外掛套件「{{pluginId}}@{{version}}」的內容與簽章時不一致，已拒絕載入。",
        bad_signature: "外掛套件「{{pluginId}}@{{version}}」的簽章無效，已拒絕載入。",
        unsigned: "外掛套件「{{pluginId}}@{{version}}」未經平台簽章，已拒絕載入。",
        invalid_key: "平台的外掛簽章金鑰格式不正確（需要 base64 編碼的 Ed25519 DER 金鑰）。",
        invalid_manifest: "外掛套件的清單缺少 id 或 version，無法簽章或驗證。",
      },
      test: {
        assertion_failed: "斷言失敗：expect(實際值).{{matcher}}(期望值)，期望 {{expected}}，實際 {{received}}。",
        assertion_failed_not: "斷言失敗：expect(實際值).not.{{matcher}}(期望值)，期望不是 {{expected}}，實際 {{received}}。",
        test_threw: "測試拋出了錯誤。",
        outside_sandbox: "invoke() 只能在 qudao-plugin test 的沙箱中呼叫。",
        unknown_hook: "測試呼叫了清單中沒有宣告的鉤子「{{hook}}」。",
      },
      scan: {
        syntax_error: "程式碼無法解析：{{detail}}",
        eval: "使用了 eval。",
        function_constructor: "使用了 Function 建構函式（動態產生程式碼）。",
        dynamic_import: "使用了動態 import()。",
        module_syntax: "使用了 import / export 模組語法：鉤子程式碼必須打包為一個 IIFE 檔案。",
        require: "使用了 require：外掛不能載入模組。",
        node_global: "使用了 Node.js 全域物件「{{name}}」，沙箱中沒有它。",
        webassembly: "使用了 WebAssembly。",
        network: "使用了網路介面「{{name}}」：外掛不能直接存取網路。",
        shared_memory: "使用了共享記憶體介面「{{name}}」。",
        timers: "使用了計時器「{{name}}」：鉤子是同步執行的，沙箱中沒有計時器。",
        prototype_tampering: "修改了物件原型（「{{name}}」）。",
        host_internals: "存取了宿主內部名稱「{{name}}」。",
      },
    },
    en: {
      invocation: {
        cpu_limit: "Plugin hook “{{hook}}” timed out: it used more than its {{limitMs}} ms of CPU time.",
        memory_limit: "Plugin hook “{{hook}}” ran out of memory: it needed more than {{limitMb}} MB.",
        load_cpu_limit: "Loading the plugin's code timed out: its top-level code used more than {{limitMs}} ms of CPU time.",
        load_memory_limit: "Loading the plugin's code needed more than {{limitMb}} MB of memory.",
        load_failed: "The plugin's code failed to load: its top-level code threw an error.",
        hook_threw: "Plugin hook “{{hook}}” threw an error.",
        stack_overflow: "Plugin hook “{{hook}}” nested calls too deeply (stack overflow).",
        sandbox_crashed: "The plugin sandbox crashed unexpectedly and has been rebuilt.",
        missing_hook: "The plugin's code has no hook named “{{hook}}” (it is missing from definePlugin's hooks).",
        hook_not_declared: "The manifest declares no hook named “{{hook}}”.",
        too_many_read_rounds: "Plugin hook “{{hook}}” needed more than {{limit}} rounds of reads.",
        too_many_reads: "Plugin hook “{{hook}}” read records more than {{limit}} times in one invocation.",
        output_too_large: "Plugin hook “{{hook}}” returned more than {{limitKb}} KB.",
        output_not_serialisable: "Plugin hook “{{hook}}” returned a value that cannot be converted to JSON.",
        output_async: "Plugin hook “{{hook}}” returned a Promise: hooks must return their result synchronously.",
        output_invalid: "Plugin hook “{{hook}}” returned a value of the wrong shape.",
        intent_invalid: "Action {{index}} returned by plugin hook “{{hook}}” is malformed and was refused.",
      },
      integrity: {
        hash_mismatch: "Plugin package “{{pluginId}}@{{version}}” differs from what was signed; it was not loaded.",
        bad_signature: "Plugin package “{{pluginId}}@{{version}}” has an invalid signature; it was not loaded.",
        unsigned: "Plugin package “{{pluginId}}@{{version}}” is not signed by the platform; it was not loaded.",
        invalid_key: "The platform's plugin signing key is malformed (expected a base64 Ed25519 DER key).",
        invalid_manifest: "The package's manifest has no id or version, so it cannot be signed or verified.",
      },
      test: {
        assertion_failed: "Assertion failed: expect(received).{{matcher}}(expected) — expected {{expected}}, received {{received}}.",
        assertion_failed_not: "Assertion failed: expect(received).not.{{matcher}}(expected) — expected not {{expected}}, received {{received}}.",
        test_threw: "The test threw an error.",
        outside_sandbox: "invoke() only works inside the qudao-plugin test sandbox.",
        unknown_hook: "The test invoked hook “{{hook}}”, which the manifest does not declare.",
      },
      scan: {
        syntax_error: "The code cannot be parsed: {{detail}}",
        eval: "Uses eval.",
        function_constructor: "Uses the Function constructor (code generated at run time).",
        dynamic_import: "Uses dynamic import().",
        module_syntax: "Uses import / export module syntax: hooks must be bundled as one IIFE file.",
        require: "Uses require: plugins cannot load modules.",
        node_global: "Uses the Node.js global “{{name}}”, which the sandbox does not have.",
        webassembly: "Uses WebAssembly.",
        network: "Uses the network API “{{name}}”: plugins cannot reach the network directly.",
        shared_memory: "Uses the shared-memory API “{{name}}”.",
        timers: "Uses the timer “{{name}}”: hooks run synchronously and the sandbox has no timers.",
        prototype_tampering: "Tampers with object prototypes (“{{name}}”).",
        host_internals: "Touches the host's internal name “{{name}}”.",
      },
    },
  },
);

export type PluginRuntimeMessageGroup = keyof (typeof pluginRuntime)["en"];

/** The i18n key of a runtime message, e.g. `pluginRuntime.invocation.cpu_limit`. */
export function pluginRuntimeMessageKey<G extends PluginRuntimeMessageGroup>(group: G, code: keyof (typeof pluginRuntime)["en"][G] & string): string {
  return `pluginRuntime.${group}.${code}`;
}
