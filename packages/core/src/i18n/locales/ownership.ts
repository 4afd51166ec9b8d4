import { defineMessages } from "../define-messages.ts";

/** Registration decisions, ownership events and jobs' notifications, shared by both apps and the API. */
export const ownership = defineMessages(
  {
    reason: {
      PROTECTED_BY_OTHER_PARTNER: "该客户已在其他合作伙伴的保护期内，暂不能报备。",
      ALREADY_YOURS: "该客户已在你方的保护期内，无需重复报备。",
      REVIEW_REQUIRED: "已提交，等待平台审核。",
      CONFLICT_REVIEW: "另有合作伙伴正在申请该客户，由平台审核决定。",
      AMBIGUOUS_MATCH: "与多个已有客户相似，由平台审核确认。",
      REJECTED_BY_PLATFORM: "平台已驳回。",
      SUPERSEDED: "平台已将该客户批准给其他申请。",
    },
    status: { pending: "待审核", accepted: "已通过", rejected: "未通过", expired: "已过期", released: "已释放" },
    extensionStatus: { none: "未申请", requested: "延期审核中", approved: "已延期", rejected: "延期被驳回" },
    event: {
      registration_accepted: "报备通过",
      extended: "保护期延长",
      expired: "保护期结束，进入公海",
      released: "释放到公海",
      claimed: "从公海领取",
      transferred: "平台转移",
      merged: "重复客户合并",
      reclaimed: "长期未跟进，收回公海",
    },
    notification: {
      registrationExpiring: "客户「{{customerName}}」的保护期将于 {{date}} 结束。",
      registrationDecided: "你对「{{customerName}}」的报备结果：$t({{status}})。",
      inactivityWarning: "客户「{{customerName}}」长期未跟进，将于 {{date}} 收回公海。",
      customerReclaimed: "客户「{{customerName}}」因长期未跟进已收回公海。",
      protectionEnded: "客户「{{customerName}}」的保护期已结束，已进入公海。",
    },
    task: {
      followUpExpiring: "跟进即将到期的客户「{{customerName}}」（保护期至 {{date}}）",
      followUpInactive: "跟进长期未联系的客户「{{customerName}}」",
    },
  },
  {
    "zh-TW": {
      reason: {
        PROTECTED_BY_OTHER_PARTNER: "該客戶已在其他合作夥伴的保護期內，暫不能報備。",
        ALREADY_YOURS: "該客戶已在你方的保護期內，無需重複報備。",
        REVIEW_REQUIRED: "已提交，等待平台審核。",
        CONFLICT_REVIEW: "另有合作夥伴正在申請該客戶，由平台審核決定。",
        AMBIGUOUS_MATCH: "與多個既有客戶相似，由平台審核確認。",
        REJECTED_BY_PLATFORM: "平台已駁回。",
        SUPERSEDED: "平台已將該客戶核准給其他申請。",
      },
      status: { pending: "待審核", accepted: "已通過", rejected: "未通過", expired: "已過期", released: "已釋放" },
      extensionStatus: { none: "未申請", requested: "延期審核中", approved: "已延期", rejected: "延期被駁回" },
      event: {
        registration_accepted: "報備通過",
        extended: "保護期延長",
        expired: "保護期結束，進入公海",
        released: "釋放到公海",
        claimed: "從公海領取",
        transferred: "平台轉移",
        merged: "重複客戶合併",
        reclaimed: "長期未跟進，收回公海",
      },
      notification: {
        registrationExpiring: "客戶「{{customerName}}」的保護期將於 {{date}} 結束。",
        registrationDecided: "你對「{{customerName}}」的報備結果：$t({{status}})。",
        inactivityWarning: "客戶「{{customerName}}」長期未跟進，將於 {{date}} 收回公海。",
        customerReclaimed: "客戶「{{customerName}}」因長期未跟進已收回公海。",
        protectionEnded: "客戶「{{customerName}}」的保護期已結束，已進入公海。",
      },
      task: {
        followUpExpiring: "跟進即將到期的客戶「{{customerName}}」（保護期至 {{date}}）",
        followUpInactive: "跟進長期未聯繫的客戶「{{customerName}}」",
      },
    },
    en: {
      reason: {
        PROTECTED_BY_OTHER_PARTNER: "This customer is protected by another partner and cannot be registered now.",
        ALREADY_YOURS: "This customer is already protected for you; no need to register it again.",
        REVIEW_REQUIRED: "Submitted; waiting for the platform's review.",
        CONFLICT_REVIEW: "Another partner is also applying for this customer; the platform will decide.",
        AMBIGUOUS_MATCH: "This looks like several existing customers; the platform will check.",
        REJECTED_BY_PLATFORM: "Rejected by the platform.",
        SUPERSEDED: "The platform approved another application for this customer.",
      },
      status: { pending: "Pending review", accepted: "Accepted", rejected: "Rejected", expired: "Expired", released: "Released" },
      extensionStatus: { none: "Not requested", requested: "Extension under review", approved: "Extended", rejected: "Extension rejected" },
      event: {
        registration_accepted: "Registration accepted",
        extended: "Protection extended",
        expired: "Protection ended; to the public pool",
        released: "Released to the public pool",
        claimed: "Claimed from the public pool",
        transferred: "Transferred by the platform",
        merged: "Duplicate merged",
        reclaimed: "No follow-up; reclaimed to the public pool",
      },
      notification: {
        registrationExpiring: "Protection of “{{customerName}}” ends on {{date}}.",
        registrationDecided: "Your registration of “{{customerName}}”: $t({{status}}).",
        inactivityWarning: "“{{customerName}}” has had no follow-up and returns to the public pool on {{date}}.",
        customerReclaimed: "“{{customerName}}” had no follow-up and went back to the public pool.",
        protectionEnded: "Protection of “{{customerName}}” ended; it is in the public pool now.",
      },
      task: {
        followUpExpiring: "Follow up “{{customerName}}” before protection ends on {{date}}",
        followUpInactive: "Follow up “{{customerName}}”, not contacted for a long time",
      },
    },
  },
);
