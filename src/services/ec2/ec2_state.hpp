#pragma once

#include "services/ec2/ec2_image_model.hpp"
#include "services/ec2/ec2_instance_model.hpp"
#include "services/ec2/ec2_network_model.hpp"

namespace ecsemu::ec2 {

// Everything EC2 keeps for one account and region.
struct Ec2State {
  NetworkState network;
  InstanceState instances;
  ImageState images;
};

}  // namespace ecsemu::ec2
