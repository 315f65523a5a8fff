package io.insync.protocol;

/** Topic administration, answered by the active controller. */
public sealed interface AdminRequest extends ControllerRequest
    permits CreateTopic, CreateInternalTopic, DeleteTopic, DescribeTopics, DescribeCluster, AlterConfigs, DescribeConfigs, CreatePartitions {}
