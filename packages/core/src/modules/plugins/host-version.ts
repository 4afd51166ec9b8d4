import corePackage from "../../../package.json" with { type: "json" };

/** The Qudao version plugins' `engines.qudao` ranges are checked against (the core package's). */
export const HOST_VERSION: string = corePackage.version;
