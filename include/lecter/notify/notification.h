#pragma once
/// What one receiver is to be told about one group (a service, or lecter itself): the alerts that
/// fire and those that ended since it was last told.

#include <string>
#include <vector>

#include "lecter/notify/alert.h"

namespace lecter {

struct Notification {
  std::string receiver;
  std::string group;  // the service key; empty for alerts about lecter itself (the partition guard)
  std::string ns;     // the group's Service
  std::string name;
  std::vector<Alert> firing;
  std::vector<Alert> resolved;  // ends_ms set
};

}  // namespace lecter
