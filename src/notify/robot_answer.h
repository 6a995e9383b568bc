#pragma once
/// Chat robots answer HTTP 200 for most failures and put the verdict in a JSON code: DingTalk and
/// WeCom `{"errcode": 0, "errmsg": "ok"}`, Feishu `{"code": 0, "msg": "success"}` (or, from older
/// bots, `StatusCode`/`StatusMessage`). A code other than 0, or an answer that cannot be read, is a
/// failure.

#include <string>
#include <utility>
#include <vector>

#include "lecter/kube/http_client.h"
#include "lecter/notify/receiver.h"

namespace lecter {

/// `fields`: the (code, message) member names to look for, in order; the first code present decides.
SendVerdict readRobotAnswer(const HttpResponse& response,
                            const std::vector<std::pair<const char*, const char*>>& fields);

}  // namespace lecter
