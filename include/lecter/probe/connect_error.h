#pragma once
/// How an errno met while probing maps to a ProbeOutcome. Pure, so the table can be tested without
/// provoking every error on a real network.

#include "lecter/probe/probe_result.h"

namespace lecter {

/// Outcome for an `error` that connect() returned at once or that SO_ERROR reported once the
/// socket became writable. 0 means the handshake completed.
ProbeOutcome outcomeOfConnectError(int error);

/// Outcome when socket() itself failed: always LocalError, whatever the errno (EMFILE, ENFILE,
/// ENOBUFS, ENOMEM, EAFNOSUPPORT…), since no packet was ever sent to the target.
ProbeOutcome outcomeOfSocketError(int error);

}  // namespace lecter
