#pragma once
/// How the replicas' views (kubernetes_conf.leader_election.quorum) look in Redis. Pure: no I/O.
///
/// <prefix>:quorum:<board>:view:<identity>  a string holding the view as JSON, set with a time-to-live
/// <prefix>:quorum:<board>:voters           the set of identities that published, so nothing scans
///                                           the keyspace; an identity whose view expired is removed

#include <optional>
#include <string>

#include "lecter/coord/vote_board.h"

namespace lecter::store {

std::string viewKey(const std::string& prefix, const std::string& board, const std::string& identity);
std::string votersKey(const std::string& prefix, const std::string& board);

/// {"identity": "...", "outcomes": {"<target key>": "<outcome>", ...}}
std::string viewJson(const ReplicaView& view);
/// The view in `text`, or nullopt and `error` (what is wrong, never the text itself).
std::optional<ReplicaView> parseViewJson(const std::string& text, std::string& error);

}  // namespace lecter::store
