import { Link } from "react-router";
import { EmptyState } from "../components/EmptyState";

export default function NotFoundPage() {
  return (
    <EmptyState title="There is no page here.">
      <p>
        <Link to="/">Search documents</Link> instead.
      </p>
    </EmptyState>
  );
}
