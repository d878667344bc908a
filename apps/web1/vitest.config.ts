export { default } from "@socket-lessons/testing/vitest-config";
