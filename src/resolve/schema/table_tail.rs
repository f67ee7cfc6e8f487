//! The second part of the settings table (see `table`): stores,
//! application controls, AI components, flows, identities, apps,
//! decisions and rules.

use super::{RefKind, SettingSpec, Subject, Ty};
use crate::model::Key;
use crate::resolve::vocab;

use super::table::ELEMENTS;
use Subject as S;

/// The rows from stores on.
pub(super) const TAIL: &[SettingSpec] = &[
    // stores
    s!(Stores, &[S::Store], Ty::RefList(RefKind::Data), "data kept"),
    s!(
        Engine,
        &[S::Store],
        Ty::Word,
        "product name: postgres, redis, …"
    ),
    s!(EncryptedAtRest, &[S::Store], Ty::Bool, "(default false)"),
    s!(Backup, &[S::Store], Ty::Bool, "(default false)"),
    s!(
        InputValidated,
        &[S::Process, S::Store],
        Ty::Bool,
        "added; untrusted input is validated or parameterised before use (default false)"
    ),
    s!(
        AuditLogging,
        &[S::Process, S::Store],
        Ty::Bool,
        "added; security-relevant actions are logged (default false)"
    ),
    s!(
        RateLimited,
        &[S::Process],
        Ty::Bool,
        "added; requests are rate limited (default false)"
    ),
    // application controls (pytm's controls that a rule reads)
    s!(
        Hardened,
        ELEMENTS,
        Ty::Bool,
        "added; configured to a hardening baseline (CIS benchmark or the vendor's guide): no default accounts, samples or debug endpoints, version banners off, services it does not need removed (default false)"
    ),
    s!(
        OutputEncoded,
        &[S::Process],
        Ty::Bool,
        "added; encodes or sanitises what it renders for its context (HTML, attribute, script, URL) with an auto-escaping template engine or an HTML sanitiser (default false)"
    ),
    s!(
        AuthorizesCallers,
        &[S::Process],
        Ty::Bool,
        "added; checks on every request that the authenticated caller may act on the object it names (object-level authorisation) (default false)"
    ),
    s!(
        AccessControl,
        &[S::Store],
        Ty::Bool,
        "added; each client has its own account and the store limits it to the data and operations it needs (database roles, bucket policies, ACL users) (default false)"
    ),
    // AI components
    s!(
        ContentFilter,
        &[S::Process],
        Ty::Bool,
        "added; llm, model-server, agent: prompts and answers pass a guardrail that detects injected instructions and filters harmful output (default false)"
    ),
    s!(
        HumanApproval,
        &[S::Process],
        Ty::Bool,
        "added; agent, agent-tool: a person approves actions that write, execute or send before they run (default false)"
    ),
    s!(
        SystemPrompt,
        &[S::Process],
        Ty::Vocab(&vocab::CLASSIFICATION),
        "added; llm, agent: the most sensitive data the system prompt holds (default public)"
    ),
    s!(
        TunedOn,
        &[S::Process],
        Ty::RefList(RefKind::Data),
        "added; llm, model-server: data the model was trained or fine-tuned on"
    ),
    s!(
        ToolActions,
        &[S::Process],
        Ty::VocabList(&vocab::TOOL_ACTION),
        "added; agent-tool: what the tool can do (read, write, execute, send)"
    ),
    s!(
        ModelVerified,
        &[S::Process],
        Ty::Bool,
        "added; model-server: the weights come from a verified source (signature or pinned hash) (default false)"
    ),
    s!(
        TokenLimits,
        &[S::Process],
        Ty::Bool,
        "added; llm, model-server, agent: per-request token caps and per-user quotas (default false)"
    ),
    s!(
        Grounded,
        &[S::Process],
        Ty::Bool,
        "added; llm, agent: answers are checked against sources and shown with them (default false)"
    ),
    s!(
        TenantIsolation,
        &[S::Store],
        Ty::Bool,
        "added; vector-store: retrieval is filtered by the caller's tenant or permissions (default false)"
    ),
    // flows
    s!(
        Protocol,
        &[S::Flow],
        Ty::Vocab(&vocab::PROTOCOL),
        "wire protocol"
    ),
    s!(Port, &[S::Flow], Ty::Port, "destination port"),
    s!(
        Carries,
        &[S::Flow, S::Widget, S::Step],
        Ty::RefList(RefKind::Data),
        "data sent"
    ),
    s!(
        Returns,
        &[S::Flow],
        Ty::RefList(RefKind::Data),
        "data sent back"
    ),
    s!(
        Authn,
        &[S::Flow],
        Ty::Vocab(&vocab::AUTHN),
        "authentication (default none)"
    ),
    s!(
        Credential,
        &[S::Flow],
        Ty::Ref(RefKind::Identity),
        "identity whose credential the flow presents"
    ),
    s!(
        Encrypted,
        &[S::Flow],
        Ty::Bool,
        "(default: from the protocol; authn mtls implies true)"
    ),
    // identities
    s!(
        Scope,
        &[S::Identity],
        Ty::Ref(RefKind::Boundary),
        "namespace (or cluster) the identity lives in"
    ),
    s!(
        Role,
        &[S::Identity],
        Ty::Word,
        "a named role bound to it, e.g. cluster-admin"
    ),
    s!(Mfa, &[S::Identity], Ty::Bool, "(default false)"),
    s!(
        LongLived,
        &[S::Identity],
        Ty::Bool,
        "static credential without expiry (default false)"
    ),
    s!(
        Subject,
        &[S::Identity],
        Ty::Text,
        "added; the Kubernetes subject name, e.g. \"system:anonymous\""
    ),
    // apps
    s!(
        User,
        &[S::App],
        Ty::Ref(RefKind::Actor),
        "the actor who uses the app"
    ),
    s!(
        On,
        &[S::Feature],
        Ty::RefList(RefKind::Element),
        "elements the feature runs on"
    ),
    // risks and threats
    s!(
        Status,
        &[S::Risk, S::Threat],
        Ty::Vocab(&vocab::STATUS),
        "(default open)"
    ),
    s!(Reason, &[S::Risk, S::Threat], Ty::Text, "why"),
    s!(Ticket, &[S::Risk, S::Threat], Ty::Text, "tracking ticket"),
    s!(Until, &[S::Risk], Ty::Date, "expiry of an acceptance"),
    s!(
        Stride,
        &[S::Threat, S::Rule],
        Ty::VocabList(&vocab::STRIDE),
        "STRIDE letters"
    ),
    s!(
        Category,
        &[S::Threat, S::Rule],
        Ty::Vocab(&vocab::CATEGORY),
        "seed category (default other)"
    ),
    s!(
        Cvss,
        &[S::Threat, S::Rule],
        Ty::Cvss,
        "CVSS:3.1 or CVSS:4.0 vector"
    ),
    s!(
        Severity,
        &[S::Threat],
        Ty::Vocab(&vocab::SEVERITY),
        "a manual threat's severity when it has no `cvss` vector"
    ),
    s!(
        Mitigation,
        &[S::Threat, S::Rule],
        Ty::Text,
        "what to do about it"
    ),
    s!(
        Card,
        &[S::Threat],
        Ty::Text,
        "Security Card that prompted it"
    ),
    s!(
        References,
        &[S::Threat, S::Rule],
        Ty::TextList,
        "MS-TA…, CWE-…, CIS …"
    ),
    s!(
        AppliesTo,
        &[S::Rule],
        Ty::Vocab(&vocab::APPLIES_TO),
        "subject kind of the rule"
    ),
    s!(
        Compromise,
        &[S::Scenario],
        Ty::RefList(RefKind::Compromisable),
        "what the attacker controls"
    ),
];
