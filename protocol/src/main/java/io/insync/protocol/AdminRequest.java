package io.insync.protocol;

/** Topic administration, answered by the active controller. */
public sealed interface AdminRequest extends ControllerCommand
    permits CreateTopic, DeleteTopic, DescribeTopics, DescribeCluster {}
